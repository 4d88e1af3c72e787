from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "welkom.backups"
    label = "backups"
