from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "welkom.push"
    label = "push"
    verbose_name = "Web push"
