from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "welkom.push"
    label = "push"
    verbose_name = "Web push"

    def ready(self) -> None:
        from welkom.push.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
