"""Beat tasks. They take no arguments (or ids), call a service, and are safe to run twice at once.

Beat sends them without arguments; ``now`` (ISO 8601) lets a test's worker act at the test's moment
(see welkom.core.clock)."""

from celery import shared_task
from django.utils import timezone

from welkom.core.clock import task_moment
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
def dispatch_tick(now: str | None = None) -> None:
    dispatch.dispatch_tick(now=task_moment(now))


@shared_task(
    name="welkom.journeys.tasks.overdue_check",
    ignore_result=True,
    acks_late=False,
    expires=600,
    time_limit=300,
    soft_time_limit=240,
)
def overdue_check(now: str | None = None) -> None:
    from welkom.journeys.integrations import checklist_overdue_remind

    moment = task_moment(now) or timezone.now()
    dispatch.overdue_check(now=moment)
    checklist_overdue_remind(now=moment)


@shared_task(
    name="welkom.journeys.tasks.hr_digest",
    ignore_result=True,
    acks_late=True,  # idempotent: one digest per person per week (unique notification key)
    autoretry_for=(ConnectionError, TimeoutError),
    max_retries=3,
    retry_backoff=60,
)
def hr_digest(now: str | None = None) -> None:
    dispatch.hr_digest_send(now=task_moment(now))
