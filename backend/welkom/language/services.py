"""Writes for language plans, progress, courses and calendar feeds.

Other apps follow plans through ``language.signals.plan_changed`` (journeys turn milestones into
steps) and read sessions through ``selectors.sessions_starting_between`` (lesson reminders)."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from welkom.accounts.models import Organisation, User
from welkom.core.errors import ApiError
from welkom.language import planner, selectors, signals
from welkom.language.models import (
    CalendarFeed,
    Course,
    CourseFormat,
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
from welkom.newcomers.models import NewcomerProfile

PLAN_FIELDS = (
    "current_level",
    "target_level",
    "target_date",
    "starts_on",
    "lesson_hours_per_week",
    "self_study_hours_per_week",
    "availability",
    "time_zone",
    "course_format",
    "course",
)


def _notify(plan: LanguagePlan) -> None:
    """Tells other apps (``language.signals.plan_changed``), inside the plan's transaction."""
    signals.plan_changed.send(sender=LanguagePlan, plan=plan)


# --- Building the planner's input ---------------------------------------------------------------


def _parse_time(value: str) -> time:
    return time.fromisoformat(value)


def _windows(items: list[dict[str, Any]], zone: str) -> tuple[planner.Window, ...]:
    return tuple(
        planner.Window(int(item["weekday"]), _parse_time(item["start"]), _parse_time(item["end"]), zone)
        for item in items
    )


def _leave_days(profile: NewcomerProfile) -> frozenset[date]:
    days: set[date] = set()
    for leave in profile.leaves.all():
        day = leave.starts_on
        while day <= leave.ends_on:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def local_today(zone: str, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(ZoneInfo(zone)).date()


def _plan_input(
    *,
    profile: NewcomerProfile,
    data: dict[str, Any],
    step_hours: dict[str, Decimal],
    now: datetime,
    minutes_done: int = 0,
    replanning: bool = False,
) -> planner.PlanInput:
    zone = data.get("time_zone") or profile.time_zone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ApiError(
            gettext("The time zone is not known."),
            fields={"time_zone": [gettext("“%(value)s” is not a known time zone.") % {"value": zone}]},
        ) from error
    course: Course | None = data.get("course")
    course_format = data["course_format"]
    lesson_minutes = planner.hours_to_minutes(data["lesson_hours_per_week"])
    fields: dict[str, list[str]] = {}
    lesson_windows: tuple[planner.Window, ...] = ()
    if course_format == CourseFormat.GROUP_COURSE:
        if course is None:
            fields["course"] = [gettext("Choose the group course.")]
        else:
            lesson_windows = _windows(course.times, course.time_zone)
            lesson_minutes = planner.windows_minutes(lesson_windows)
    elif course is not None:
        fields["course"] = [gettext("Only a group course has a course to choose.")]
    if course_format == CourseFormat.SELF_STUDY_APP and lesson_minutes:
        fields["lesson_hours_per_week"] = [
            gettext("A self-study app has no lessons: plan these hours as self-study.")
        ]
    if fields:
        raise ApiError(gettext("Some plan fields are not valid."), fields=fields)
    today = local_today(zone, now)
    starts_on = data["starts_on"]
    return planner.PlanInput(
        current_level=data["current_level"],
        target_level=data["target_level"],
        target_date=data["target_date"],
        starts_on=max(starts_on, today) if replanning else starts_on,
        lesson_minutes_per_week=lesson_minutes,
        self_study_minutes_per_week=planner.hours_to_minutes(data["self_study_hours_per_week"]),
        free_windows=_windows(data.get("availability") or [], zone),
        step_hours=step_hours,
        today=today if not replanning else min(today, data["target_date"]),
        lesson_windows=lesson_windows,
        lessons_from=course.starts_on if course and lesson_windows else None,
        lessons_until=course.ends_on if course and lesson_windows else None,
        leave_days=_leave_days(profile),
        minutes_done=minutes_done,
        not_before=now if replanning else None,
    )


def _raise_problems(result: planner.PlanResult) -> None:
    if result.problems:
        raise ApiError(gettext("Some plan fields are not valid."), fields=result.problems)


def describe_options(result: planner.PlanResult) -> str:
    parts = []
    for option in result.options:
        if option.kind == "more_hours":
            parts.append(
                gettext("%(hours)s hours of self-study a week")
                % {"hours": formats.number_format(Decimal(str(option.changes["self_study_hours_per_week"])))}
            )
        elif option.kind == "later_date":
            later = date.fromisoformat(str(option.changes["target_date"]))
            parts.append(
                gettext("a later date: %(date)s") % {"date": formats.date_format(later, "DATE_FORMAT")}
            )
        elif option.kind == "lower_target":
            parts.append(gettext("a lower target: %(level)s") % {"level": option.changes["target_level"]})
    return "; ".join(parts)


def _raise_infeasible(result: planner.PlanResult) -> None:
    nearest = describe_options(result)
    message = (
        gettext("%(reason)s Nearest options: %(options)s.") % {"reason": result.reason, "options": nearest}
        if nearest
        else result.reason
    )
    raise ApiError(
        gettext("The target cannot be reached in time with these hours. %(reason)s") % {"reason": message},
        code="infeasible",
        fields={"target_date": [message]},
    )


def plan_preview(*, profile: NewcomerProfile, now: datetime | None = None, **data: Any) -> planner.PlanResult:
    """What a plan with this input would look like; nothing is saved. Invalid input raises a 400."""
    now = now or timezone.now()
    steps = selectors.step_hours_for(organisation_id=profile.organisation_id, on=data["starts_on"])
    result = planner.plan(_plan_input(profile=profile, data=data, step_hours=steps, now=now))
    _raise_problems(result)
    return result


def _store(plan: LanguagePlan, result: planner.PlanResult, *, keep_reached: bool) -> None:
    StudySession.objects.bulk_create(
        StudySession(plan=plan, kind=s.kind, starts_at=s.starts_at, ends_at=s.ends_at, minutes=s.minutes)
        for s in result.sessions
    )
    existing = {m.code: m for m in plan.milestones.all()}
    for milestone in result.milestones:
        row = existing.pop(milestone.code, None)
        if row is None:
            Milestone.objects.create(
                plan=plan,
                kind=milestone.kind,
                code=milestone.code,
                level=milestone.level,
                due_on=milestone.due_on,
            )
        elif not (keep_reached and (row.reached_on or milestone.passed)):
            row.due_on = milestone.due_on
            row.save(update_fields=["due_on"])
    Milestone.objects.filter(pk__in=[m.pk for m in existing.values()]).delete()


@transaction.atomic
def plan_create(
    *, profile: NewcomerProfile, created_by: User, now: datetime | None = None, **data: Any
) -> LanguagePlan:
    """Make a newcomer's plan. Refuses (400, with the nearest options) a goal that cannot be reached."""
    now = now or timezone.now()
    if LanguagePlan.objects.filter(profile=profile).exists():
        raise ApiError(
            gettext("This newcomer already has a language plan; re-plan it instead."),
            code="already_exists",
            fields={"newcomer": [gettext("Already has a language plan.")]},
        )
    steps = selectors.step_hours_for(organisation_id=profile.organisation_id, on=data["starts_on"])
    result = planner.plan(_plan_input(profile=profile, data=data, step_hours=steps, now=now))
    _raise_problems(result)
    if not result.feasible:
        _raise_infeasible(result)
    plan = LanguagePlan.objects.create(
        organisation_id=profile.organisation_id,
        profile=profile,
        current_level=data["current_level"],
        target_level=data["target_level"],
        target_date=data["target_date"],
        starts_on=data["starts_on"],
        lesson_hours_per_week=Decimal(result_lesson_hours(data)),
        self_study_hours_per_week=Decimal(str(data["self_study_hours_per_week"])),
        availability=data.get("availability") or [],
        time_zone=data.get("time_zone") or profile.time_zone,
        course_format=data["course_format"],
        course=data.get("course"),
        step_hours={k: str(v) for k, v in steps.items()},
        hours_needed=Decimal(result.minutes_needed) / 60,
        created_by=created_by,
    )
    _store(plan, result, keep_reached=False)
    course = data.get("course")
    if (
        course is not None
        and not course.enrolments.filter(profile=profile).exclude(status=EnrolmentStatus.CANCELLED).exists()
    ):
        enrolment_create(course=course, profile=profile)
    _notify(plan)
    return plan


def result_lesson_hours(data: dict[str, Any]) -> str:
    course: Course | None = data.get("course")
    if data["course_format"] == CourseFormat.GROUP_COURSE and course is not None:
        minutes = planner.windows_minutes(_windows(course.times, course.time_zone))
        return str(Decimal(minutes) / 60)
    return str(data["lesson_hours_per_week"])


def _credited_minutes(plan: LanguagePlan, now: datetime) -> int:
    annotated = selectors.with_progress(LanguagePlan.objects.filter(pk=plan.pk), now).get()
    progress = selectors.plan_progress(annotated, now)
    return int((progress.hours_done + progress.hours_unconfirmed) * 60)


@transaction.atomic
def plan_replan(
    *,
    plan: LanguagePlan,
    changed_by: User | None,
    dry_run: bool = False,
    accept_gap: bool = False,
    now: datetime | None = None,
    **changes: Any,
) -> planner.PlanResult:
    """Plan the remaining sessions again from now, after missed sessions or changed input.

    Hours done (attended, logged, or shown by a level check) count; sessions not yet marked count as
    done until someone marks them missed. When the target is out of reach the result says by how much
    (``gap_minutes``) with the nearest options; it is saved only with ``accept_gap``, so a plan is never
    silently impossible. ``dry_run`` shows the outcome without saving."""
    now = now or timezone.now()
    plan = (
        LanguagePlan.objects.select_for_update(of=("self",))
        .select_related("profile", "course")
        .get(pk=plan.pk)
    )
    data = {name: getattr(plan, name) for name in PLAN_FIELDS}
    data.update({k: v for k, v in changes.items() if k in PLAN_FIELDS})
    steps = {k: Decimal(v) for k, v in plan.step_hours.items()}
    today = local_today(plan.time_zone, now)
    current = selectors.step_hours_for(organisation_id=plan.organisation_id, on=today)
    for level, hours in current.items():
        steps.setdefault(level, hours)
    done = _credited_minutes(plan, now)
    result = planner.plan(
        _plan_input(
            profile=plan.profile, data=data, step_hours=steps, now=now, minutes_done=done, replanning=True
        )
    )
    _raise_problems(result)
    if dry_run:
        transaction.set_rollback(True)
        return result
    if not result.feasible and not accept_gap:
        _raise_infeasible(result)
    plan.sessions.filter(status=SessionStatus.PLANNED, starts_at__gte=now).delete()
    for name in PLAN_FIELDS:
        setattr(plan, name, data[name])
    plan.lesson_hours_per_week = Decimal(result_lesson_hours(data))
    plan.self_study_hours_per_week = Decimal(str(data["self_study_hours_per_week"]))
    plan.step_hours = {k: str(v) for k, v in steps.items()}
    plan.hours_needed = Decimal(planner.minutes_between(plan.current_level, plan.target_level, steps)) / 60
    plan.replanned_at = now
    plan.save()
    _store(plan, result, keep_reached=True)
    _notify(plan)
    return result


def plan_follow_profile(profile: NewcomerProfile, changes: dict[str, tuple[Any, Any]]) -> None:
    """Follows ``newcomers.signals.profile_changed``: new leave or a new time zone moves the sessions
    still ahead.

    A profile change is never refused because of the language plan: if the target is no longer
    reachable the plan keeps what fits and shows the gap (status "behind") for HR to act on."""
    if not ({"leaves", "time_zone"} & set(changes)):
        return
    plan = LanguagePlan.objects.filter(profile=profile).first()
    if plan is None:
        return
    if "time_zone" in changes and plan.time_zone == changes["time_zone"][0]:
        plan.time_zone = profile.time_zone  # free times follow the person, unless set apart
        plan.save(update_fields=["time_zone"])
    _replan_ahead(plan)


@transaction.atomic
def plan_delete(*, plan: LanguagePlan) -> None:
    plan.delete()


# --- Progress -------------------------------------------------------------------------------------


@transaction.atomic
def session_mark(
    *, session: StudySession, status: str, now: datetime | None = None, replan: bool = True
) -> StudySession:
    """Attended or missed (or back to planned). A missed session re-plans the sessions still ahead, so
    the missed hours move into free time before the deadline; what does not fit shows as the gap."""
    now = now or timezone.now()
    if status not in SessionStatus.values:
        raise ApiError(
            gettext("Unknown status."), fields={"status": [gettext("Choose planned, attended or missed.")]}
        )
    if status != SessionStatus.PLANNED and session.starts_at > now:
        raise ApiError(
            gettext("A session can be marked once it has started."),
            fields={"status": [gettext("This session has not started yet.")]},
        )
    before = session.status
    session.status = status
    session.marked_at = now if status != SessionStatus.PLANNED else None
    session.save(update_fields=["status", "marked_at"])
    if replan and before != status and SessionStatus.MISSED in (before, status):
        _replan_ahead(session.plan, now)
    return session


def _replan_ahead(plan: LanguagePlan, now: datetime | None = None) -> None:
    """Re-plan after something changed under the plan (a missed session, leave, a move). Keeps what
    fits and shows the rest as the gap; nothing to do once the target date has passed."""
    if plan.target_date < local_today(plan.time_zone, now):
        return
    plan_replan(plan=plan, changed_by=None, accept_gap=True, now=now)


@transaction.atomic
def study_log_create(
    *, plan: LanguagePlan, studied_on: date, minutes: int, note: str = "", now: datetime | None = None
) -> StudyLog:
    today = local_today(plan.profile.time_zone, now)
    fields: dict[str, list[str]] = {}
    if studied_on > today:
        fields["studied_on"] = [gettext("This day has not come yet.")]
    if not 1 <= minutes <= 12 * 60:
        fields["minutes"] = [gettext("Log between 1 minute and 12 hours.")]
    if fields:
        raise ApiError(gettext("The study time could not be logged."), fields=fields)
    return StudyLog.objects.create(plan=plan, studied_on=studied_on, minutes=minutes, note=note)


@transaction.atomic
def level_check_create(
    *, plan: LanguagePlan, level: str, checked_on: date, recorded_by: User, note: str = ""
) -> LevelCheck:
    if checked_on > local_today(plan.profile.time_zone):
        raise ApiError(
            gettext("A level check cannot be in the future."),
            fields={"checked_on": [gettext("In the future.")]},
        )
    check = LevelCheck.objects.create(
        plan=plan, level=level, checked_on=checked_on, recorded_by=recorded_by, note=note
    )
    reached = planner.level_index(level)
    for milestone in plan.milestones.filter(reached_on__isnull=True):
        if planner.level_index(milestone.level) <= reached:
            milestone.reached_on = checked_on
            milestone.save(update_fields=["reached_on"])
    _notify(plan)
    return check


# --- Hours per step -----------------------------------------------------------------------------


@transaction.atomic
def step_hours_set(
    *, organisation: Organisation, changed_by: User, valid_from: date, hours: dict[str, Decimal]
) -> None:
    """Set the organisation's own hours for some steps from a day on. Running plans keep theirs."""
    fields: dict[str, list[str]] = {}
    for level, value in hours.items():
        if level not in planner.LEVELS[:-1]:
            steps = ", ".join(planner.LEVELS[:-1])
            fields.setdefault("steps", []).append(f"{level}: not a step (use {steps}).")
        elif not Decimal(0) < Decimal(value) <= Decimal(2000):
            fields.setdefault("steps", []).append(f"{level}: hours must be between 0 and 2000.")
    if fields:
        raise ApiError(gettext("Some hours are not valid."), fields=fields)
    for level, value in hours.items():
        StepHours.objects.update_or_create(
            organisation=organisation,
            from_level=level,
            valid_from=valid_from,
            defaults={"hours": value, "changed_by": changed_by, "changed_at": timezone.now()},
        )


# --- Courses and enrolment ------------------------------------------------------------------------


def _validate_course(course: Course) -> None:
    fields: dict[str, list[str]] = {}
    if course.ends_on < course.starts_on:
        fields["ends_on"] = [gettext("The course ends before it starts.")]
    try:
        ZoneInfo(course.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        fields["time_zone"] = [gettext("“%(value)s” is not a known time zone.") % {"value": course.time_zone}]
    for index, item in enumerate(course.times, start=1):
        if _parse_time(item["end"]) <= _parse_time(item["start"]):
            fields.setdefault("times", []).append(f"Time {index}: ends before it starts.")
    if not course.times:
        fields["times"] = [gettext("Add at least one weekly time.")]
    if fields:
        raise ApiError(gettext("Some course fields are not valid."), fields=fields)


@transaction.atomic
def course_create(*, organisation: Organisation, **data: Any) -> Course:
    course = Course(organisation=organisation, **data)
    _validate_course(course)
    course.save()
    return course


@transaction.atomic
def course_update(*, course: Course, **data: Any) -> Course:
    course = Course.objects.select_for_update().get(pk=course.pk)
    for name, value in data.items():
        setattr(course, name, value)
    _validate_course(course)
    enrolled = course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if course.seats < enrolled:
        raise ApiError(
            gettext("There are more people enrolled than seats."),
            fields={
                "seats": [
                    ngettext(
                        "%(count)s person is enrolled; cancel enrolments first.",
                        "%(count)s people are enrolled; cancel enrolments first.",
                        enrolled,
                    )
                    % {"count": enrolled}
                ]
            },
        )
    course.save()
    _fill_seats(course)
    return course


def _fill_seats(course: Course) -> None:
    """Move people from the waiting list into free seats, first come first served (course locked)."""
    free = course.seats - course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if free <= 0:
        return
    waiting = course.enrolments.filter(status=EnrolmentStatus.WAITING).order_by("created_at", "id")
    for enrolment in list(waiting[:free]):
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.changed_at = timezone.now()
        enrolment.save(update_fields=["status", "changed_at"])


@transaction.atomic
def enrolment_create(*, course: Course, profile: NewcomerProfile) -> Enrolment:
    """A seat if one is free, else a place on the waiting list.

    The course row is locked (SELECT ... FOR UPDATE) while seats are counted, so people enrolling at
    the same moment queue up instead of taking the same last seat."""
    if profile.organisation_id != course.organisation_id:
        raise ApiError(gettext("Unknown newcomer."), fields={"newcomer": [gettext("Unknown newcomer.")]})
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.enrolments.filter(profile=profile).exclude(status=EnrolmentStatus.CANCELLED).exists():
        raise ApiError(
            gettext("This newcomer is already enrolled or waiting."),
            code="already_enrolled",
            fields={"newcomer": [gettext("Already enrolled or on the waiting list.")]},
        )
    enrolled = course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    status = EnrolmentStatus.ENROLLED if enrolled < course.seats else EnrolmentStatus.WAITING
    return Enrolment.objects.create(course=course, profile=profile, status=status)


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    course = Course.objects.select_for_update().get(pk=enrolment.course_id)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        return enrolment
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.changed_at = timezone.now()
    enrolment.save(update_fields=["status", "changed_at"])
    _fill_seats(course)
    return enrolment


# --- Calendar feed --------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_issue(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret address for the person's calendar; an earlier one stops working.

    Returns the token once: only its hash is stored."""
    CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=selectors.token_hash(token))
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
