"""Reading the audit log: a person sees who looked at their data; HR and admin see everything."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import QuerySet

from welkom.accounts.models import Role, User
from welkom.audit.models import AuditEntry
from welkom.core.tenancy import for_tenant


def audit_entries_about(user: User) -> QuerySet[AuditEntry]:
    """Who viewed or changed the personal data of ``user`` (their own view of the log)."""
    return for_tenant(AuditEntry.objects.all(), user).filter(subject_user=user).select_related("actor")


def _zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def audit_entries_visible_to(
    user: User,
    *,
    subject_id: int | None = None,
    actor_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """The organisation's log for HR and admin. ``since`` and ``until`` are whole days (both
    included) in the reader's own time zone, as the dates they pick on screen."""
    if user.role not in (Role.HR, Role.ADMIN):
        return AuditEntry.objects.none()
    entries = for_tenant(AuditEntry.objects.all(), user).select_related("actor", "subject_user")
    if subject_id is not None:
        entries = entries.filter(subject_user_id=subject_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if action:
        entries = entries.filter(action=action)
    zone = _zone(user)
    if since is not None:
        entries = entries.filter(at__gte=_start_of(since, zone))
    if until is not None and until < date.max:
        entries = entries.filter(at__lt=_start_of(until + timedelta(days=1), zone))
    return entries
