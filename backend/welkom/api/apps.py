from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "welkom.api"
    label = "api"

    def ready(self) -> None:
        from welkom.api import schema  # noqa: F401  registers the OpenAPI authentication extension
