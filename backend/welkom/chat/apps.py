from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "welkom.chat"
    label = "chat"
