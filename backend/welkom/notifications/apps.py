from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "welkom.notifications"
    label = "notifications"
