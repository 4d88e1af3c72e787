from celery import shared_task

from welkom.offline import services


@shared_task
def idempotency_records_prune() -> int:
    return services.idempotency_records_prune()
