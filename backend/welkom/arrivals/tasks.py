from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from welkom.arrivals import services


@shared_task(
    name="welkom.arrivals.tasks.arrival_import_run",
    acks_late=True,  # safe: the run locks the import row and does nothing once it is done
    reject_on_worker_lost=True,  # a killed worker's import is run again by the next worker
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    max_retries=3,
    ignore_result=True,
    time_limit=settings.ARRIVALS_IMPORT_TIME_LIMIT,
    soft_time_limit=settings.ARRIVALS_IMPORT_TIME_LIMIT - 30,
)
def arrival_import_run(import_id: int) -> None:
    services.import_run(import_id=import_id)
