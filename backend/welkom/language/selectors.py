"""Reads for language plans and courses. Tenant first, then role, then ownership."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from welkom.accounts.models import Role, User
from welkom.core.tenancy import for_tenant
from welkom.language.models import (
    CalendarFeed,
    Course,
    Enrolment,
    EnrolmentStatus,
    LanguagePlan,
    LevelCheck,
    Milestone,
    SessionStatus,
    StepHours,
    StudyLog,
    StudySession,
)
from welkom.language.planner import LEVELS, level_index, minutes_between

HOURS_FILE = Path(settings.ROOT_DIR) / "content" / "language" / "hours.yaml"


# --- Hours per CEFR step ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _default_versions() -> list[tuple[date, dict[str, Decimal]]]:
    data = yaml.safe_load(HOURS_FILE.read_text(encoding="utf-8"))
    versions = [
        (version["valid_from"], {str(k): Decimal(str(v)) for k, v in version["steps"].items()})
        for version in data["versions"]
    ]
    return sorted(versions, key=lambda item: item[0])


def default_step_hours(on: date) -> dict[str, Decimal]:
    """The shipped defaults valid on a day (the latest version that started on or before it)."""
    versions = _default_versions()
    chosen = versions[0][1]
    for valid_from, steps in versions:
        if valid_from <= on:
            chosen = steps
    return dict(chosen)


@dataclass(frozen=True)
class StepHoursRow:
    from_level: str
    to_level: str
    hours: Decimal
    source: str  # "default" or "organisation"
    valid_from: date | None


def step_hours_table(*, organisation_id: int, on: date) -> list[StepHoursRow]:
    """Hours per step valid on a day: the organisation's own value where it set one, else the default."""
    rows = {row.from_level: row for row in _default_rows(on)}
    overrides = StepHours.objects.filter(organisation_id=organisation_id, valid_from__lte=on).order_by(
        "from_level", "-valid_from"
    )
    for override in overrides:
        known = rows.get(override.from_level)
        if known is not None and known.source == "organisation":
            continue  # an older value of a step that already has a newer one
        rows[override.from_level] = StepHoursRow(
            override.from_level,
            LEVELS[level_index(override.from_level) + 1],
            override.hours,
            "organisation",
            override.valid_from,
        )
    return [rows[level] for level in LEVELS[:-1] if level in rows]


def _default_rows(on: date) -> list[StepHoursRow]:
    return [
        StepHoursRow(level, LEVELS[level_index(level) + 1], hours, "default", None)
        for level, hours in default_step_hours(on).items()
    ]


def step_hours_for(*, organisation_id: int, on: date) -> dict[str, Decimal]:
    return {row.from_level: row.hours for row in step_hours_table(organisation_id=organisation_id, on=on)}


# --- Plans ----------------------------------------------------------------------------------------


def plans_visible_to(user: User) -> QuerySet[LanguagePlan]:
    """HR/admin: every plan of the organisation. Team lead: plans of newcomers they lead.
    Newcomer: only their own. Anyone else: none."""
    plans = for_tenant(LanguagePlan.objects.all(), user)
    if user.role in (Role.HR, Role.ADMIN):
        pass
    elif user.role == Role.TEAM_LEAD:
        plans = plans.filter(Q(profile__team_lead=user) | Q(profile__team__lead=user))
    elif user.role == Role.NEWCOMER:
        plans = plans.filter(profile__user=user)
    else:
        plans = plans.none()
    return plans.select_related("profile__user", "course")


def plans_editable_by(user: User) -> QuerySet[LanguagePlan]:
    if user.role not in (Role.HR, Role.ADMIN):
        return LanguagePlan.objects.none()
    return plans_visible_to(user)


def _minutes(model: type[Any], **filters: Any) -> Coalesce:
    rows = model.objects.filter(plan=OuterRef("pk"), **filters)
    total = rows.order_by().values("plan").annotate(total=Sum("minutes")).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def with_progress(plans: QuerySet[LanguagePlan], now: datetime) -> QuerySet[LanguagePlan]:
    """Adds the minute totals progress is computed from, and the milestones and latest level check,
    in a fixed number of queries however many plans there are."""
    annotated: QuerySet[LanguagePlan] = plans.annotate(
        attended_minutes=_minutes(StudySession, status=SessionStatus.ATTENDED),
        missed_minutes=_minutes(StudySession, status=SessionStatus.MISSED),
        open_past_minutes=_minutes(StudySession, status=SessionStatus.PLANNED, starts_at__lt=now),
        future_minutes=_minutes(StudySession, status=SessionStatus.PLANNED, starts_at__gte=now),
        logged_minutes=_minutes(StudyLog),
    )
    return annotated.prefetch_related(  # type: ignore[type-var]
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "level", "kind")),
        Prefetch("level_checks", queryset=LevelCheck.objects.order_by("-checked_on", "-id")),
    )


@dataclass(frozen=True)
class Progress:
    hours_needed: Decimal
    hours_done: Decimal  # attended + logged, or what the latest level check shows, whichever is more
    hours_missed: Decimal
    hours_unconfirmed: Decimal  # past sessions nobody marked yet; counted as done until marked missed
    hours_planned_ahead: Decimal
    gap_hours: Decimal  # hours the schedule as it stands falls short of the target
    level_checked: str | None
    level_checked_on: date | None
    level_estimated: str
    status: str  # "reached", "on_track" or "behind"
    next_milestone: Milestone | None


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def plan_progress(plan: LanguagePlan, now: datetime) -> Progress:
    """Progress of a plan annotated by :func:`with_progress` (call that first)."""
    steps = {k: Decimal(v) for k, v in plan.step_hours.items()}
    checks = list(plan.level_checks.all())
    check = checks[0] if checks else None
    credited = int(plan.attended_minutes) + int(plan.logged_minutes)  # type: ignore[attr-defined]
    if check and level_index(check.level) > level_index(plan.current_level):
        credited = max(credited, _reach(plan.current_level, check.level, steps))
    needed = int(plan.hours_needed * 60)
    open_past = int(plan.open_past_minutes)  # type: ignore[attr-defined]
    ahead = int(plan.future_minutes)  # type: ignore[attr-defined]
    gap = max(0, needed - credited - open_past - ahead)
    estimated = plan.current_level
    for level in LEVELS[level_index(plan.current_level) + 1 : level_index(plan.target_level) + 1]:
        if credited >= _reach(plan.current_level, level, steps):
            estimated = level
    if check and level_index(check.level) >= level_index(plan.target_level):
        status = "reached"
    elif gap > 0:
        status = "behind"
    else:
        status = "on_track"
    upcoming = [m for m in plan.milestones.all() if m.reached_on is None]
    upcoming.sort(key=lambda m: (m.due_on or date.max, m.level, m.kind))
    return Progress(
        hours_needed=plan.hours_needed,
        hours_done=_hours(credited),
        hours_missed=_hours(int(plan.missed_minutes)),  # type: ignore[attr-defined]
        hours_unconfirmed=_hours(open_past),
        hours_planned_ahead=_hours(ahead),
        gap_hours=_hours(gap),
        level_checked=check.level if check else None,
        level_checked_on=check.checked_on if check else None,
        level_estimated=estimated,
        status=status,
        next_milestone=upcoming[0] if upcoming else None,
    )


def _reach(current: str, level: str, steps: dict[str, Decimal]) -> int:
    try:
        return minutes_between(current, level, steps)
    except KeyError:
        return 0


def plan_sessions(plan: LanguagePlan) -> QuerySet[StudySession]:
    return plan.sessions.all()


def milestones_for(plan: LanguagePlan) -> QuerySet[Milestone]:
    """The plan's milestones (levels and Staatsexamen NT2), in date order.

    For the journeys app: each milestone has a stable ``code`` per plan (A1, A2, B1,
    nt2_programme_1...) and a ``due_on`` that re-planning moves."""
    return plan.milestones.order_by("due_on", "level", "kind")


def sessions_starting_between(start: datetime, end: datetime) -> QuerySet[StudySession]:
    """Planned sessions of every organisation that start in [start, end), with the person attached.

    For the notifications app: lesson reminders are sent from here through the shared channels.
    Not scoped to a user on purpose: it is called by a scheduled task, never by a request."""
    return (
        StudySession.objects.filter(starts_at__gte=start, starts_at__lt=end, status=SessionStatus.PLANNED)
        .select_related("plan__profile__user", "plan__course")
        .order_by("starts_at", "id")
    )


# --- Courses ---------------------------------------------------------------------------------------


def courses_visible_to(user: User) -> QuerySet[Course]:
    if user.role not in (Role.HR, Role.ADMIN):
        return Course.objects.none()
    enrolled = Enrolment.objects.filter(course=OuterRef("pk"), status=EnrolmentStatus.ENROLLED)
    waiting = Enrolment.objects.filter(course=OuterRef("pk"), status=EnrolmentStatus.WAITING)
    return for_tenant(Course.objects.all(), user).annotate(
        enrolled_count=_count(enrolled), waiting_count=_count(waiting)
    )


def _count(rows: QuerySet[Enrolment]) -> Coalesce:
    counted = rows.order_by().values("course").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def course_enrolments(course: Course) -> list[Enrolment]:
    """Who is enrolled and who waits, with each waiting person's place in the queue."""
    rows = list(
        course.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("profile__user")
        .order_by("created_at", "id")
    )
    place = 0
    for row in rows:
        if row.status == EnrolmentStatus.WAITING:
            place += 1
            row.waiting_place = place  # type: ignore[attr-defined]
        else:
            row.waiting_place = None  # type: ignore[attr-defined]
    return rows


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    if user.role not in (Role.HR, Role.ADMIN):
        return Enrolment.objects.none()
    return for_tenant(Enrolment.objects.all(), user).select_related("course", "profile__user")


# --- Calendar feed ---------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_for(*, user_id: int, token: str) -> CalendarFeed | None:
    """The live feed this address belongs to, or None (unknown, revoked, or someone else's token)."""
    return (
        CalendarFeed.objects.filter(token_hash=token_hash(token), user_id=user_id, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )


def live_calendar_feed(user: User) -> CalendarFeed | None:
    return for_tenant(CalendarFeed.objects.all(), user).filter(user=user, revoked_at__isnull=True).first()


def plan_of(user: User) -> LanguagePlan | None:
    return plans_visible_to(user).filter(profile__user=user).first()


def person_time_zone(user: User) -> str:
    profile = getattr(user, "newcomer_profile", None)
    return profile.time_zone if profile is not None else user.time_zone
