from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "welkom.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from welkom.accounts.privacy import register

        register()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
