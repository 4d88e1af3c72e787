"""What a notification says, written when it is read, in the reader's language.

A notification is stored as a ``kind`` and ``params`` (names, dates, and the texts of steps and
checklist items in every language the content has). Its title and body are rendered from those
for the person reading them — in the inbox, in the e-mail and in the push message — with gettext
in ``person_language(reader)`` and content picked in ``content_languages(reader)``. So a person who
changes their language reads their old notifications in the new one too. Rows written before
kinds had params keep the title and body stored with them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from welkom.core.language import content_languages, person_language, pick


@dataclass(frozen=True)
class Reader:
    """The languages (and time zone) a notification is rendered in, worked out once per reader."""

    language: str
    content: list[str]
    zone: ZoneInfo

    @classmethod
    def of(cls, user: Any) -> Reader:
        name = getattr(user, "time_zone", "") or settings.TIME_ZONE
        profile = getattr(user, "newcomer_profile", None) if getattr(user, "pk", None) else None
        if profile is not None and profile.time_zone:
            name = profile.time_zone
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo(settings.TIME_ZONE)
        return cls(person_language(user), content_languages(user), zone)


def _content(reader: Reader, texts: Any) -> str:
    if isinstance(texts, str):
        return texts
    return str(pick(texts or {}, reader.content)[1] or "")


def _date(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def _journey_step(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    step = _content(r, p.get("title"))
    if p.get("person"):
        step = _("%(person)s: %(step)s") % {"person": p["person"], "step": step}
    return step, _content(r, p.get("body"))


def _journey_overdue(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    step = _content(r, p.get("title"))
    if p.get("person"):
        step = _("%(person)s: %(step)s") % {"person": p["person"], "step": step}
    return _("Reminder: %(step)s") % {"step": step}, _content(r, p.get("body"))


def _journey_escalated(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    title = _("Still open for %(name)s: %(step)s") % {"name": p["name"], "step": _content(r, p.get("title"))}
    return title, ""


def _journey_digest(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    lines: list[str] = []
    for newcomer in p.get("newcomers", []):
        steps = newcomer.get("steps", [])
        count = ngettext(
            "%(count)s open step past its moment:", "%(count)s open steps past their moment:", len(steps)
        ) % {"count": len(steps)}
        lines.append(f"\n{newcomer['name']} ({count})")
        lines += [f"  - {_content(r, s['title'])} ({_date(s['due'])})" for s in steps]
    return _("Overdue onboarding steps, week %(week)s") % {"week": p["week"]}, "\n".join(lines).strip()


def _checklist_overdue(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    return (
        _("Overdue: %(item)s") % {"item": _content(r, p.get("title"))},
        _("This was due on %(date)s.") % {"date": _date(p["due"])},
    )


def _checklist_overdue_hr(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    days = int(p.get("days", 0))
    body = ngettext("Due on %(date)s, %(days)s day ago.", "Due on %(date)s, %(days)s days ago.", days) % {
        "date": _date(p["due"]),
        "days": days,
    }
    return _("%(name)s: overdue %(item)s") % {"name": p["name"], "item": _content(r, p.get("title"))}, body


def _chat_mention(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    author = p.get("author") or _("Someone")
    if p.get("channel"):
        return _("%(author)s mentioned you in %(channel)s") % {"author": author, "channel": p["channel"]}, ""
    return _("%(author)s mentioned you in a direct conversation") % {"author": author}, ""


def _language_reminder(p: dict[str, Any], r: Reader) -> tuple[str, str]:
    starts = timezone.localtime(datetime.fromisoformat(p["starts_at"]), r.zone)
    time = formats.time_format(starts, "TIME_FORMAT")
    if p.get("lesson"):
        return _("Dutch lesson at %(time)s") % {"time": time}, p.get("course", "")
    return _("Dutch self-study at %(time)s") % {"time": time}, ""


KINDS: dict[str, Callable[[dict[str, Any], Reader], tuple[str, str]]] = {
    "journey_step": _journey_step,
    "journey_overdue": _journey_overdue,
    "journey_escalated": _journey_escalated,
    "journey_digest": _journey_digest,
    "checklist_overdue": _checklist_overdue,
    "checklist_overdue_hr": _checklist_overdue_hr,
    "chat_mention": _chat_mention,
    "language_reminder": _language_reminder,
}


def render(kind: str, params: dict[str, Any] | None, reader: Reader) -> tuple[str, str] | None:
    """(title, body) of a ``kind`` with ``params`` for ``reader``; None for a kind without params."""
    renderer = KINDS.get(kind)
    if renderer is None or not params:
        return None
    with translation.override(reader.language):
        title, body = renderer(params, reader)
    return title[:300], body


def notification_text(notification: Any, reader: Reader | None = None) -> tuple[str, str]:
    """(title, body) of a stored notification for ``reader`` (default: its recipient)."""
    reader = reader or Reader.of(notification.recipient)
    rendered = render(notification.kind, notification.params, reader)
    return rendered if rendered is not None else (notification.title, notification.body)
