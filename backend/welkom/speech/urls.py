from django.urls import path

from welkom.speech import apis

urlpatterns = [
    path("speech", apis.SpeechApi.as_view(), name="speech"),
    path("speech/audio", apis.SpeechAudioApi.as_view(), name="speech-audio"),
]
