from django.urls import path

from welkom.notifications import apis

urlpatterns = [
    path("notifications", apis.InboxApi.as_view(), name="notification-list"),
    path("notifications/read-all", apis.NotificationReadAllApi.as_view(), name="notification-read-all"),
    path("notifications/<int:pk>/read", apis.NotificationReadApi.as_view(), name="notification-read"),
    path("notifications/push", apis.PushConfigApi.as_view(), name="notification-push-config"),
    path(
        "notifications/push/subscriptions",
        apis.PushSubscriptionApi.as_view(),
        name="notification-push-subscribe",
    ),
]
