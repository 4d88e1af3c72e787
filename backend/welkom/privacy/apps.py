from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "welkom.privacy"
    label = "privacy"
    verbose_name = "Privacy (GDPR rights and retention)"

    def ready(self) -> None:
        from welkom.privacy import sources  # noqa: F401  registers the privacy app's own data
