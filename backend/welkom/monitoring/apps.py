from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "welkom.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from welkom.monitoring import celery_signals

        celery_signals.connect()
        from django.conf import settings

        from welkom.monitoring.errors import error_reporting_start

        error_reporting_start(dsn=settings.SENTRY_DSN, environment=settings.SENTRY_ENVIRONMENT)
