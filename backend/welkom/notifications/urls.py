from django.urls import path

from welkom.notifications import apis

urlpatterns = [
    path("notifications", apis.InboxApi.as_view(), name="notification-list"),
    path("notifications/read-all", apis.NotificationReadAllApi.as_view(), name="notification-read-all"),
    path("notifications/<int:pk>/read", apis.NotificationReadApi.as_view(), name="notification-read"),
    path("notifications/unread", apis.UnreadApi.as_view(), name="notification-unread"),
]
