from celery import shared_task

from welkom.backups import services
from welkom.core.clock import task_moment


@shared_task(
    name="welkom.backups.tasks.backup_scheduled",
    ignore_result=True,
    time_limit=6 * 3600,
    soft_time_limit=6 * 3600 - 60,
)
def backup_scheduled(now: str | None = None) -> None:
    """Beat's nightly backup (``now``: ISO 8601, for tests; beat sends none)."""
    services.backup_scheduled(now=task_moment(now))
