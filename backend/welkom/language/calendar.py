"""The plan as iCalendar (RFC 5545) through the ``icalendar`` library.

Times are written in the person's time zone with a TZID and a matching VTIMEZONE, so calendar apps
show a lesson at the right local time on both sides of a summer-time change."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from icalendar import Calendar, Event

from welkom.language.models import LanguagePlan, MilestoneKind, SessionKind, SessionStatus

SUMMARIES = {
    SessionKind.LESSON: gettext_noop("Dutch lesson"),
    SessionKind.SELF_STUDY: gettext_noop("Dutch self-study"),
}
EXAM_NAMES = {
    "nt2_programme_1": gettext_noop("Staatsexamen NT2 programme I (B1)"),
    "nt2_programme_2": gettext_noop("Staatsexamen NT2 programme II (B2)"),
}


def _host() -> str:
    return settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "welkom"


def plan_calendar(
    plan: LanguagePlan | None, *, time_zone: str, language: str = "en", now: datetime | None = None
) -> bytes:
    """Every session and milestone of the plan; an empty calendar when there is no plan. Titles are
    in ``language`` (the reader's: ``person_language``)."""
    with translation.override(language):
        return _plan_calendar(plan, time_zone=time_zone, now=now)


def _plan_calendar(plan: LanguagePlan | None, *, time_zone: str, now: datetime | None) -> bytes:
    zone = ZoneInfo(time_zone)
    stamp = (now or timezone.now()).replace(microsecond=0)
    host = _host()
    calendar = Calendar()
    calendar.add("prodid", "-//Welkom//Dutch language plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("Dutch lessons"))
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
            event.add("summary", gettext(SUMMARIES[SessionKind(session.kind)]))
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
                exam = gettext(EXAM_NAMES[milestone.code]) if milestone.code in EXAM_NAMES else milestone.code
                event.add("summary", gettext("Ready for %(exam)s") % {"exam": exam})
            else:
                event.add("summary", gettext("Dutch level %(level)s reached") % {"level": milestone.level})
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
