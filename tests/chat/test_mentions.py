"""@mentions tell the person through the notification seam, never during their quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from welkom.chat import services
from welkom.chat.models import MessageMention
from welkom.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("utc", "zone", "expected"),
    [
        (datetime(2026, 3, 2, 11, 0, tzinfo=UTC), "Europe/Amsterdam", None),  # 12:00 there
        (datetime(2026, 3, 2, 21, 30, tzinfo=UTC), "Europe/Amsterdam", "2026-03-03T08:00:00+01:00"),  # 22:30
        (datetime(2026, 3, 2, 5, 0, tzinfo=UTC), "Europe/Amsterdam", "2026-03-02T08:00:00+01:00"),  # 06:00
        (datetime(2026, 3, 2, 19, 59, tzinfo=UTC), "Europe/Amsterdam", None),  # 20:59
        (datetime(2026, 3, 2, 20, 0, tzinfo=UTC), "Europe/Amsterdam", "2026-03-03T08:00:00+01:00"),  # 21:00
        (datetime(2026, 3, 2, 7, 0, tzinfo=UTC), "Europe/Amsterdam", None),  # 08:00 exactly
        (
            datetime(2026, 3, 2, 17, 0, tzinfo=UTC),
            "Asia/Kolkata",
            "2026-03-03T08:00:00+05:30",
        ),  # 22:30 in India
    ],
)
def test_quiet_hours_run_from_nine_in_the_evening_to_eight_in_the_morning_locally(utc, zone, expected):
    end = services.quiet_hours_end(at=utc, time_zone=zone)
    assert (end.isoformat() if end else None) == expected


def _zone_where_local_hour_is(hour: int) -> str:
    """An Etc/GMT zone in which it is now ``hour`` o'clock (Etc/GMT-5 is UTC+5)."""
    offset = (hour - timezone.now().astimezone(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def _mentions() -> list[Notification]:
    """Mentions reach people through the shared notification channels (in-app, e-mail, push)."""
    return list(
        Notification.objects.filter(kind="chat_mention").order_by("id").prefetch_related("deliveries")
    )


def test_a_mention_during_the_day_is_sent_at_once(org_a, team_channel):
    newcomer = org_a["newcomer"]
    newcomer.time_zone = _zone_where_local_hour_is(12)
    newcomer.save()
    services.message_post(
        channel=team_channel,
        author=org_a["team_lead"],
        body="@newcomer welcome!",
        language="en",
        mentions=[newcomer.pk],
    )
    assert services.mentions_send_due() == 1
    [notification] = _mentions()
    assert notification.recipient == newcomer
    assert "mentioned you in Platform" in notification.title
    assert notification.link == f"/chat/{team_channel.pk}"
    assert {d.channel for d in notification.deliveries.all()} >= {"in_app", "email"}
    assert services.mentions_send_due() == 0  # once only


def test_a_mention_at_night_waits_until_eight_in_the_morning(org_a, team_channel):
    newcomer = org_a["newcomer"]
    newcomer.time_zone = _zone_where_local_hour_is(23)
    newcomer.save()
    services.message_post(
        channel=team_channel,
        author=org_a["team_lead"],
        body="Tomorrow 7:00",
        language="en",
        mentions=[newcomer.pk],
    )
    mention = MessageMention.objects.get()
    local = mention.notify_at.astimezone(__import__("zoneinfo").ZoneInfo(newcomer.time_zone))
    assert (local.hour, local.minute) == (8, 0)
    assert timedelta(hours=8) <= mention.notify_at - timezone.now() <= timedelta(hours=10)

    assert services.mentions_send_due() == 0
    assert _mentions() == []
    assert services.mentions_send_due(now=mention.notify_at) == 1
    assert len(_mentions()) == 1


def test_editing_in_a_new_mention_notifies_only_the_new_person(org_a, team_channel):
    lead = org_a["team_lead"]
    for person in (org_a["newcomer"], org_a["colleague"]):
        person.time_zone = _zone_where_local_hour_is(12)
        person.save()
    message = services.message_post(
        channel=team_channel, author=lead, body="Hi", language="en", mentions=[org_a["newcomer"].pk]
    )
    services.mentions_send_due()
    services.message_edit(
        message=message, editor=lead, body="Hi both", mentions=[org_a["newcomer"].pk, org_a["colleague"].pk]
    )
    assert services.mentions_send_due() == 1
    assert [n.recipient for n in _mentions()] == [org_a["newcomer"], org_a["colleague"]]


def test_a_deleted_message_notifies_nobody(org_a, team_channel):
    org_a["newcomer"].time_zone = _zone_where_local_hour_is(23)
    org_a["newcomer"].save()
    message = services.message_post(
        channel=team_channel,
        author=org_a["team_lead"],
        body="Hi",
        language="en",
        mentions=[org_a["newcomer"].pk],
    )
    services.message_delete(message=message, deleted_by=org_a["team_lead"])
    assert services.mentions_send_due(now=timezone.now() + timedelta(days=1)) == 0
    assert _mentions() == []
