from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "welkom.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from welkom.audit.privacy import register

        register()
