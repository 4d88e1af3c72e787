from django.apps import AppConfig


class SpeechConfig(AppConfig):
    name = "welkom.speech"
    label = "speech"
