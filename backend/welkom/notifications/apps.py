from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "welkom.notifications"
    label = "notifications"

    def ready(self) -> None:
        from welkom.notifications.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
