from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "welkom.translation"
    label = "translation"

    def ready(self) -> None:
        from welkom.translation import signals  # noqa: F401  (warms models in translation workers)
