"""Reminders before each lesson and study block, through the shared notification channels.

A beat tick looks one hour ahead and notifies the newcomer of every planned session starting in that
window. The notification's dedupe key is the session, so overlapping ticks, a retried task or two
ticks at once send each reminder once; a tick missed during an outage is made up by the next one as
long as the session has not started. Quiet hours (21:00-08:00 the reader's time) are applied by the
notifications app.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from welkom.language.models import SessionKind
from welkom.language.selectors import sessions_starting_between
from welkom.notifications.services import notification_send

LEAD_TIME = timedelta(hours=1)


def lesson_reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for session in sessions_starting_between(now, now + LEAD_TIME):
        person = session.plan.profile.user
        lesson = session.kind == SessionKind.LESSON
        notification_send(
            recipient=person,
            kind="language_reminder",
            params={
                "lesson": lesson,
                "starts_at": session.starts_at.isoformat(),
                "course": session.plan.course.name if lesson and session.plan.course else "",
            },
            link="/",
            dedupe_key=f"language-session:{session.pk}",
            now=now,
        )
        sent += 1
    return sent
