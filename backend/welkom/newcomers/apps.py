from django.apps import AppConfig


class NewcomersConfig(AppConfig):
    name = "welkom.newcomers"
    label = "newcomers"

    def ready(self) -> None:
        from welkom.newcomers.privacy import register

        register()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
