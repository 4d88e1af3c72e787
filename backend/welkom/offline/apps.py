from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "welkom.offline"
    label = "offline"
    verbose_name = "Offline app support"

    def ready(self) -> None:
        from welkom.offline.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
