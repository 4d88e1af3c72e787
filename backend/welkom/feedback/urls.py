from django.urls import path

from welkom.feedback import apis

urlpatterns = [
    path("feedback", apis.FeedbackApi.as_view(), name="feedback"),
    path("feedback/summary", apis.FeedbackSummaryApi.as_view(), name="feedback-summary"),
]
