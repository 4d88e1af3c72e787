from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "welkom.chat"
    label = "chat"

    def ready(self) -> None:
        from welkom.chat.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.privacy.registry)
