"""Quiet hours (21:00-08:00 in the recipient's own time zone) at their edges: after midnight, at
the hour itself, and across the switch to summer time. Messages wait until 08:00 the same morning
when sent after midnight, not until the next day's."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from welkom.notifications.services import notification_send, quiet_hours_end

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("sent", "goes"),
    [
        (_local(2026, 12, 7, 2, 0), _local(2026, 12, 7, 8, 0)),  # after midnight: this morning
        (_local(2026, 12, 7, 0, 0), _local(2026, 12, 7, 8, 0)),  # midnight itself
        (_local(2026, 12, 7, 7, 59), _local(2026, 12, 7, 8, 0)),
        (_local(2026, 12, 7, 8, 0), _local(2026, 12, 7, 8, 0)),  # 08:00 is no longer quiet
        (_local(2026, 12, 7, 20, 59), _local(2026, 12, 7, 20, 59)),
        (_local(2026, 12, 7, 21, 0), _local(2026, 12, 8, 8, 0)),  # 21:00 is quiet: tomorrow
        (_local(2027, 3, 28, 1, 30), _local(2027, 3, 28, 8, 0)),  # the night summer time starts
    ],
)
def test_quiet_hours_end_at_the_next_eight_oclock(sent, goes):
    assert quiet_hours_end(moment=sent.astimezone(UTC), zone=AMSTERDAM) == goes.astimezone(UTC)


def test_a_message_sent_at_two_at_night_is_e_mailed_at_eight_the_same_morning(org_a):
    person = org_a["newcomer"]
    person.time_zone = "Europe/Warsaw"
    person.save()
    night = datetime(2026, 12, 7, 2, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    sent = notification_send(recipient=person, kind="x", title="Night", dedupe_key="night-1", now=night)
    email = sent.deliveries.get(channel="email")
    assert email.not_before == datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    assert email.queued_at is None
