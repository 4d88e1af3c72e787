from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "welkom.content"
    label = "content"
