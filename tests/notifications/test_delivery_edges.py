"""Deliveries at their edges, as a recipient meets them: whose clock decides quiet hours (a newcomer
still living abroad, a zone name that no longer exists), what the e-mail says and carries, what a
failing mail server does to the attempts, a delivery that is not released yet, and the inbox's
"read all". Found by mutation testing (docs/testing.md)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tests.newcomers.factories import NewcomerProfileFactory
from welkom.notifications.models import Delivery, DeliveryStatus
from welkom.notifications.services import MAX_ATTEMPTS, DeliveryRetry, delivery_send, notification_send

pytestmark = pytest.mark.django_db

BUCHAREST = ZoneInfo("Europe/Bucharest")  # an hour ahead of Amsterdam all year
WARSAW = ZoneInfo("Europe/Warsaw")


def _email(notification):
    return notification.deliveries.get(channel="email")


def test_a_newcomer_abroad_has_quiet_hours_on_the_clock_of_their_profile(org_a):
    """The profile's zone wins over the account's, and 08:00 is 08:00 there, not in Amsterdam."""
    person = org_a["newcomer"]
    person.time_zone = "Europe/Lisbon"
    person.save()
    NewcomerProfileFactory(user=person, time_zone="Europe/Bucharest")
    person.refresh_from_db()
    late = datetime(2026, 12, 7, 23, 0, tzinfo=BUCHAREST)  # 22:00 in Amsterdam, 21:00 in Lisbon
    sent = notification_send(recipient=person, kind="x", title="Late", dedupe_key="abroad-1", now=late)
    assert _email(sent).not_before == datetime(2026, 12, 8, 8, 0, tzinfo=BUCHAREST)


def test_at_eight_in_bucharest_the_message_goes_at_once_though_amsterdam_still_sleeps(org_a):
    person = org_a["newcomer"]
    person.time_zone = "Europe/Bucharest"
    person.save()
    morning = datetime(2026, 12, 7, 8, 30, tzinfo=BUCHAREST)  # 07:30 in Amsterdam
    sent = notification_send(recipient=person, kind="x", title="Morning", dedupe_key="abroad-2", now=morning)
    assert _email(sent).not_before == morning
    assert _email(sent).queued_at == morning


def test_a_time_zone_that_does_not_exist_falls_back_to_amsterdam(org_a):
    person = org_a["newcomer"]
    person.time_zone = "Mars/Olympus_Mons"
    person.save()
    night = datetime(2026, 12, 7, 2, 0, tzinfo=BUCHAREST)  # 01:00 in Amsterdam
    sent = notification_send(recipient=person, kind="x", title="Night", dedupe_key="nowhere", now=night)
    assert _email(sent).not_before == datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_the_e_mail_carries_the_text_an_absolute_link_and_a_stable_message_id(org_a, settings):
    settings.SITE_URL = "https://welkom.example/"
    sent = notification_send(
        recipient=org_a["hr"],
        kind="x",
        title="Plan ready",
        body="Have a look",
        link="/journeys/plans/7",
        dedupe_key="mail-1",
        urgent=True,
    )
    assert delivery_send(delivery_id=_email(sent).pk) == DeliveryStatus.SENT
    (message,) = mail.outbox
    assert message.to == [org_a["hr"].email]
    assert "Plan ready" in message.subject
    assert "Have a look" in message.body
    assert "https://welkom.example/journeys/plans/7" in message.body
    message_id = message.extra_headers["Message-ID"]
    assert message_id.startswith("<welkom-")
    assert message_id.endswith("@welkom.invalid>")
    other = notification_send(
        recipient=org_a["hr"], kind="x", title="Other", dedupe_key="mail-2", urgent=True
    )
    delivery_send(delivery_id=_email(other).pk)
    assert mail.outbox[1].extra_headers["Message-ID"] != message_id  # one id per delivery
    stored = Delivery.objects.get(pk=_email(sent).pk)
    assert stored.attempts == 1
    assert stored.sent_at is not None


def test_a_link_to_another_site_is_mailed_as_it_is(org_a):
    sent = notification_send(
        recipient=org_a["hr"],
        kind="x",
        title="Read",
        link="https://gemeente.example/brp",
        dedupe_key="mail-3",
        urgent=True,
    )
    delivery_send(delivery_id=_email(sent).pk)
    assert "https://gemeente.example/brp" in mail.outbox[0].body
    assert "127.0.0.1" not in mail.outbox[0].body


def test_a_person_without_an_e_mail_address_is_skipped(org_a):
    person = org_a["colleague"]
    person.email = ""
    person.save()
    sent = notification_send(recipient=person, kind="x", title="Hi", dedupe_key="mail-4", urgent=True)
    assert delivery_send(delivery_id=_email(sent).pk) == DeliveryStatus.SKIPPED
    stored = Delivery.objects.get(pk=_email(sent).pk)
    assert (stored.status, stored.sent_at) == (DeliveryStatus.SKIPPED, None)  # not claimed as sent
    assert mail.outbox == []


def test_the_e_mail_is_written_in_the_recipients_language(org_a):
    person = org_a["hr"]
    person.language = "nl"
    person.save()
    sent = notification_send(
        recipient=person,
        kind="x",
        title="Plan klaar",
        link="/journeys/plans/7",
        dedupe_key="mail-nl",
        urgent=True,
    )
    delivery_send(delivery_id=_email(sent).pk)
    html = mail.outbox[0].alternatives[0][0]
    assert '<html lang="nl"' in html
    assert "Openen in Welkom" in html  # the button, in Dutch


def test_a_mail_server_that_does_not_answer_is_tried_again_and_then_given_up(org_a, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    sent = notification_send(recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="mail-5", urgent=True)
    delivery = _email(sent)
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(DeliveryRetry):
            delivery_send(delivery_id=delivery.pk)
        stored = Delivery.objects.get(pk=delivery.pk)
        assert (stored.attempts, stored.status) == (attempt, DeliveryStatus.PENDING)
        assert stored.last_error.startswith("e-mail: ")
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.FAILED
    stored = Delivery.objects.get(pk=delivery.pk)
    assert (stored.attempts, stored.status, stored.sent_at) == (MAX_ATTEMPTS, DeliveryStatus.FAILED, None)


def test_a_delivery_waiting_for_the_morning_is_not_sent_by_an_early_task(org_a):
    night = datetime(2026, 12, 7, 23, 0, tzinfo=WARSAW)
    person = org_a["hr"]
    person.time_zone = "Europe/Warsaw"
    person.save()
    sent = notification_send(recipient=person, kind="x", title="Hi", dedupe_key="mail-6", now=night)
    delivery = _email(sent)
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING  # never queued
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=delivery.not_before - timedelta(minutes=1))
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING  # queued too early
    assert mail.outbox == []
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=delivery.not_before)
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_a_delivery_that_is_gone_is_reported_missing(org_a):
    assert delivery_send(delivery_id=987654) == "missing"


def test_read_all_marks_only_the_readers_own_unread_messages(client_factory, org_a):
    moment = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    first = notification_send(recipient=org_a["newcomer"], kind="x", title="1", dedupe_key="r1", now=moment)
    notification_send(recipient=org_a["newcomer"], kind="x", title="2", dedupe_key="r2", now=moment)
    someone_else = notification_send(
        recipient=org_a["colleague"], kind="x", title="3", dedupe_key="r3", now=moment
    )
    newcomer = client_factory(org_a["newcomer"])
    read_at = newcomer.post(f"/api/notifications/{first.pk}/read").json()["read_at"]
    assert newcomer.post("/api/notifications/read-all").status_code == 204
    assert newcomer.get("/api/notifications/unread").json()["unread"] == 0
    first.refresh_from_db()
    assert first.read_at == datetime.fromisoformat(read_at)  # read before: its moment is kept
    someone_else.refresh_from_db()
    assert someone_else.read_at is None
    assert client_factory(org_a["colleague"]).get("/api/notifications/unread").json()["unread"] == 1
