from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "welkom.offline"
    label = "offline"
    verbose_name = "Offline app support"
