from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "welkom.translation"
    label = "translation"

    def ready(self) -> None:
        from welkom.translation import (
            package_store,
            packages,
            signals,  # noqa: F401  (warms models in translation workers)
        )
        from welkom.translation.privacy import register as register_privacy

        packages.before_listing(package_store.sync_if_announced)  # one package store: docs/scaling.md
        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
