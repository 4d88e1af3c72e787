from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "welkom.modules"
    label = "modules"

    def ready(self) -> None:
        from welkom.content.loader import ContentKind, register
        from welkom.modules.content import sync_modules

        register(ContentKind(name="modules", folder="modules", sync=sync_modules, order=10))

        from welkom.modules.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
