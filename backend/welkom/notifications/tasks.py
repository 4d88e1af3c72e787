from typing import Any

from celery import Task, shared_task

from welkom.notifications import services


# Idempotent (the delivery row's status is checked under a lock), so acknowledged late: a worker
# killed while sending leaves the message to be delivered again, and the retry finds the row done.
@shared_task(
    name="welkom.notifications.tasks.delivery_send",
    autoretry_for=(services.DeliveryRetry,),
    retry_backoff=15,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=60,
    soft_time_limit=45,
)
def delivery_send(delivery_id: int) -> None:
    services.delivery_send(delivery_id=delivery_id)


@shared_task(
    name="welkom.notifications.tasks.deliveries_send",
    bind=True,
    max_retries=services.MAX_ATTEMPTS,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=300,
    soft_time_limit=240,
)
def deliveries_send(self: Task[Any, Any], delivery_ids: list[int]) -> None:
    """A chunk of deliveries (the dispatcher's bulk path). Each is sent under its own row lock, so
    a redelivered chunk skips the ones already sent; only the failed ones are retried, with backoff."""
    failed = []
    for delivery_id in delivery_ids:
        try:
            services.delivery_send(delivery_id=delivery_id)
        except services.DeliveryRetry:
            failed.append(delivery_id)
    if failed:
        raise self.retry(args=(failed,), countdown=min(900, 15 * 2**self.request.retries))
