from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "welkom.security"
    label = "security"
    verbose_name = "Security (two-factor authentication)"

    def ready(self) -> None:
        from welkom.security.privacy import register

        register()
