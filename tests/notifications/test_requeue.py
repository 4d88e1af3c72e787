"""The requeue sweep and bulk queueing, at their edges: a delivery is queued when its moment has
come and not a minute before, one queued long ago (its message lost) is queued again, one queued a
moment ago is left alone, the oldest go first when there are many, and what was sent stays sent.
Found by mutation testing (docs/testing.md)."""

from datetime import UTC, datetime, timedelta

import pytest
from celery.signals import task_prerun
from django.core import mail

from tests.factories import UserFactory
from welkom.notifications.models import Delivery, DeliveryStatus
from welkom.notifications.services import (
    CHUNK,
    Message,
    deliveries_queue_due,
    deliveries_requeue,
    notification_send,
    notifications_send_many,
)

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 02:00 in Amsterdam: e-mail waits for 08:00 (07:00 UTC)
EIGHT = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


def _email_at_night(person, key: str) -> Delivery:
    return notification_send(recipient=person, kind="x", title=key, dedupe_key=key, now=NIGHT).deliveries.get(
        channel="email"
    )


def _queued_at(delivery: Delivery) -> datetime | None:
    return Delivery.objects.get(pk=delivery.pk).queued_at


def test_a_night_message_is_queued_at_eight_and_not_a_minute_before(
    org_a, django_capture_on_commit_callbacks
):
    email = _email_at_night(org_a["hr"], "night")
    assert email.not_before == EIGHT
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_requeue(now=EIGHT - timedelta(minutes=1)) == 0
    assert callbacks == []
    assert _queued_at(email) is None
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_requeue(now=EIGHT) == 1
    assert len(callbacks) == 1  # the send is queued after commit
    assert _queued_at(email) == EIGHT


def test_a_lost_message_is_queued_again_once_it_is_stale_and_not_before(org_a, settings):
    settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS = 900
    email = _email_at_night(org_a["hr"], "lost")
    assert deliveries_requeue(now=EIGHT) == 1
    assert deliveries_requeue(now=EIGHT + timedelta(seconds=899)) == 0  # still on its way
    assert _queued_at(email) == EIGHT
    later = EIGHT + timedelta(seconds=901)
    assert deliveries_requeue(now=later) == 1  # 15 minutes without an answer: lost
    assert _queued_at(email) == later
    assert deliveries_requeue(now=later + timedelta(minutes=5), stale_after=timedelta(minutes=4)) == 1


def test_sent_deliveries_are_never_queued_again(org_a):
    email = _email_at_night(org_a["hr"], "sent")
    Delivery.objects.filter(pk=email.pk).update(status=DeliveryStatus.SENT, queued_at=EIGHT)
    assert deliveries_requeue(now=EIGHT + timedelta(days=1)) == 0


def test_a_long_queue_is_requeued_oldest_first_a_limited_number_at_a_time(org_a):
    people = [org_a[role] for role in ("hr", "team_lead", "colleague")]
    emails = [_email_at_night(person, f"many-{n}") for n, person in enumerate(people)]
    for n, email in enumerate(emails):  # the last one has waited longest
        Delivery.objects.filter(pk=email.pk).update(not_before=EIGHT - timedelta(minutes=n))
    assert deliveries_requeue(now=EIGHT, limit=2) == 2
    assert [_queued_at(e) is not None for e in emails] == [False, True, True]
    assert deliveries_requeue(now=EIGHT, limit=2) == 1
    assert _queued_at(emails[0]) == EIGHT


def test_bulk_queueing_takes_only_the_given_notifications_whose_time_has_come(
    org_a, django_capture_on_commit_callbacks
):
    night = notification_send(
        recipient=org_a["hr"], kind="x", title="n", dedupe_key="b1", now=NIGHT, queue=False
    )
    other = notification_send(
        recipient=org_a["team_lead"], kind="x", title="o", dedupe_key="b2", now=NIGHT, queue=False
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_queue_due(notification_ids=[night.pk], now=EIGHT - timedelta(seconds=1)) == 0
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_queue_due(notification_ids=[night.pk], now=EIGHT) == 1  # the e-mail
    assert len(callbacks) == 1
    # push has no subscription: skipped when written, nothing to queue
    assert {d.channel: d.queued_at for d in night.deliveries.exclude(channel="in_app")} == {
        "email": EIGHT,
        "push": None,
    }
    assert not other.deliveries.filter(queued_at__isnull=False).exclude(channel="in_app").exists()
    assert deliveries_queue_due(notification_ids=[night.pk], now=EIGHT + timedelta(hours=1)) == 0  # once


@pytest.fixture
def eager_celery():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def tasks_run():
    """The names of the tasks that run, in order (one task per delivery, or one per chunk of them)."""
    names: list[str] = []

    def record(sender, **kwargs):
        names.append(sender.name.rpartition(".")[2])

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


@pytest.mark.parametrize(
    ("count", "tasks"),
    [(1, ["delivery_send"]), (2, ["deliveries_send"]), (CHUNK + 1, ["deliveries_send", "deliveries_send"])],
)
def test_every_message_released_at_eight_is_e_mailed_once(
    org_a, count, tasks, eager_celery, tasks_run, django_capture_on_commit_callbacks
):
    """Few deliveries go one task each; many go in chunks of CHUNK ids, so a busy morning puts a
    few tasks on the queue, not one per person, and every delivery is in exactly one of them."""
    people = [UserFactory(organisation=org_a.organisation, email=f"p{n}@alpha.test") for n in range(count)]
    for person in people:
        _email_at_night(person, f"eight-{person.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue(now=EIGHT) == count
    assert tasks_run == tasks
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == count


def test_a_message_sent_in_bulk_by_day_is_e_mailed_once_the_caller_commits(
    org_a, eager_celery, django_capture_on_commit_callbacks
):
    """The dispatcher's path (``notifications_send_many``): what may go now is queued after commit."""
    day = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam
    message = Message(recipient=org_a["hr"], kind="x", title="By day", dedupe_key="bulk-day")
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send_many(messages=[message], now=day)
    assert [m.to for m in mail.outbox] == [[org_a["hr"].email]]
    assert Delivery.objects.get(channel="email").sent_at is not None
