from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "welkom.sso"
    label = "sso"
    verbose_name = "Sign-in with the organisation's identity provider"

    def ready(self) -> None:
        from welkom.sso import checks  # noqa: F401  (registers the deploy check)
        from welkom.sso.privacy import register

        register()
