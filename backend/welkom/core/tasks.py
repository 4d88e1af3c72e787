from celery import shared_task

from welkom.core import services


@shared_task(name="welkom.core.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat calls this every minute; health reports how long ago a worker ran it."""
    services.heartbeat_record()


@shared_task(name="welkom.core.tasks.echo", ignore_result=True)
def echo(marker: str) -> None:
    """Writes a marker to the cache; used by the health check and the worker tests."""
    services.echo_record(marker=marker)
