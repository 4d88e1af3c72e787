from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "welkom.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from welkom.monitoring import celery_signals

        celery_signals.connect()
