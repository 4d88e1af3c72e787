"""The plan as iCalendar (RFC 5545) through the ``icalendar`` library.

Times are written in the person's time zone with a TZID and a matching VTIMEZONE, so calendar apps
show a lesson at the right local time on both sides of a summer-time change."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from welkom.language.models import LanguagePlan, MilestoneKind, SessionKind, SessionStatus

SUMMARIES = {SessionKind.LESSON: "Dutch lesson", SessionKind.SELF_STUDY: "Dutch self-study"}
EXAM_NAMES = {
    "nt2_programme_1": "Staatsexamen NT2 programme I (B1)",
    "nt2_programme_2": "Staatsexamen NT2 programme II (B2)",
}


def _host() -> str:
    return settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "welkom"


def plan_calendar(plan: LanguagePlan | None, *, time_zone: str, now: datetime | None = None) -> bytes:
    """Every session and milestone of the plan; an empty calendar when there is no plan."""
    zone = ZoneInfo(time_zone)
    stamp = (now or timezone.now()).replace(microsecond=0)
    host = _host()
    calendar = Calendar()
    calendar.add("prodid", "-//Welkom//Dutch language plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Dutch lessons")
    calendar.add("x-wr-timezone", time_zone)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    if plan is not None:
        where = plan.course.location if plan.course else ""
        for session in plan.sessions.all():
            event = Event()
            event.add("uid", f"language-session-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", session.starts_at.astimezone(zone))
            event.add("dtend", session.ends_at.astimezone(zone))
            event.add("summary", SUMMARIES[SessionKind(session.kind)])
            if session.kind == SessionKind.LESSON and where:
                event.add("location", where)
            event.add("status", "CANCELLED" if session.status == SessionStatus.MISSED else "CONFIRMED")
            event.add("categories", ["Dutch", session.kind])
            calendar.add_component(event)
        for milestone in plan.milestones.all():
            if milestone.due_on is None:
                continue
            event = Event()
            event.add("uid", f"language-milestone-{plan.pk}-{milestone.code}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", milestone.due_on)
            if milestone.kind == MilestoneKind.EXAM:
                event.add("summary", f"Ready for {EXAM_NAMES.get(milestone.code, milestone.code)}")
            else:
                event.add("summary", f"Dutch level {milestone.level} reached")
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
