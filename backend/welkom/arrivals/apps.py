from django.apps import AppConfig


class ArrivalsConfig(AppConfig):
    name = "welkom.arrivals"
    label = "arrivals"

    def ready(self) -> None:
        from welkom.arrivals.privacy import register

        register()  # import rows hold names and e-mail addresses (welkom.core.privacy_registry)
