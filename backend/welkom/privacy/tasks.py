from celery import shared_task

from welkom.privacy import services


@shared_task(name="welkom.privacy.tasks.export_build", ignore_result=True, acks_late=True, max_retries=0)
def export_build(export_id: int) -> None:
    services.export_build(export_id=export_id)


@shared_task(name="welkom.privacy.tasks.exports_expire", ignore_result=True)
def exports_expire() -> None:
    services.exports_expire()


@shared_task(name="welkom.privacy.tasks.retention_apply", ignore_result=True)
def retention_apply() -> None:
    services.retention_apply()
