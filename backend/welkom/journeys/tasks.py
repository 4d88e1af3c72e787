"""Beat tasks. They take no arguments (or ids), call a service, and are safe to run twice at once."""

from celery import shared_task

from welkom.journeys import dispatch

# Not acknowledged late: a tick that dies rolls back its open batch and the next tick (a minute
# later) takes the same steps again, so redelivering the old tick message would add nothing.
# ``expires`` drops ticks that waited in the queue longer than a minute (e.g. after an outage).


@shared_task(
    name="welkom.journeys.tasks.dispatch_tick",
    ignore_result=True,
    acks_late=False,
    expires=55,
    time_limit=120,
    soft_time_limit=90,
)
def dispatch_tick() -> None:
    dispatch.dispatch_tick()


@shared_task(
    name="welkom.journeys.tasks.overdue_check",
    ignore_result=True,
    acks_late=False,
    expires=600,
    time_limit=300,
    soft_time_limit=240,
)
def overdue_check() -> None:
    dispatch.overdue_check()
    from django.utils import timezone

    from welkom.journeys.integrations import checklist_overdue_remind

    checklist_overdue_remind(now=timezone.now())


@shared_task(
    name="welkom.journeys.tasks.hr_digest",
    ignore_result=True,
    acks_late=True,  # idempotent: one digest per person per week (unique notification key)
    autoretry_for=(ConnectionError, TimeoutError),
    max_retries=3,
    retry_backoff=60,
)
def hr_digest() -> None:
    dispatch.hr_digest_send()
