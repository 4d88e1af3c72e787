"""The language planner: from a level now to a target level by a date, as dated study sessions.

Pure: no database, no clock. Everything it needs (hours per CEFR step, leave days, "now") comes in
through :class:`PlanInput`, so it is tested directly and the services only gather the input and
store the output.

How a schedule is made. Each week has a budget of lesson minutes and self-study minutes. Day by
day, from the start date, lessons go into the week's lesson times (a group course's fixed times, or
the newcomer's free times), then self-study fills the free time left. Dutch public holidays (from
the ``holidays`` library) and leave days have no sessions. Sessions are added until the hours the
target needs are reached; the last one is cut to what is still needed. Local wall-clock times are
turned into UTC per day, so a lesson at 19:00 in Amsterdam stays at 19:00 across summer time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import formats
from django.utils.translation import gettext

LEVELS: tuple[str, ...] = ("A0", "A1", "A2", "B1", "B2", "C1")
# Staatsexamen NT2: programme I tests B1, programme II tests B2.
EXAMS: dict[str, str] = {"B1": "nt2_programme_1", "B2": "nt2_programme_2"}
LESSON = "lesson"
SELF_STUDY = "self_study"
# How far ahead the planner looks when it searches for a later date that works.
HORIZON_DAYS = 5 * 366
STEP_MINUTES = 30  # "more hours per week" proposals go up in half hours


@dataclass(frozen=True)
class Window:
    """A weekly time slot: weekday (0 = Monday) and local start/end in ``time_zone``."""

    weekday: int
    start: time
    end: time
    time_zone: str = "Europe/Amsterdam"

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class PlanInput:
    current_level: str
    target_level: str
    target_date: date
    starts_on: date
    lesson_minutes_per_week: int
    self_study_minutes_per_week: int
    # The newcomer's free time. Lessons of an external course and all self-study go here.
    free_windows: tuple[Window, ...]
    # Hours per step, keyed by the level the step starts from ("A0" -> hours from A0 to A1).
    step_hours: Mapping[str, Decimal]
    today: date
    # Fixed lesson times (an employer's group course). When given, lessons go here, not in free time.
    lesson_windows: tuple[Window, ...] = ()
    lessons_from: date | None = None
    lessons_until: date | None = None
    leave_days: frozenset[date] = frozenset()
    # Re-planning: hours already studied, and the moment before which nothing new is scheduled.
    minutes_done: int = 0
    not_before: datetime | None = None


@dataclass(frozen=True)
class Session:
    kind: str
    day: date  # local date in the window's time zone
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    minutes: int


@dataclass(frozen=True)
class Milestone:
    kind: str  # "level" or "exam"
    code: str  # "A1", "A2", "B1", ..., or "nt2_programme_1" / "nt2_programme_2"
    level: str
    due_on: date | None  # None when the schedule does not reach it
    passed: bool = False  # re-planning: the hours for it were already done before this schedule


@dataclass(frozen=True)
class Option:
    """A nearest change that makes the goal reachable; ``changes`` are plan inputs to apply."""

    kind: str  # "more_hours", "later_date", "lower_target"
    changes: dict[str, object]


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str  # "holiday" or "leave"
    name: str


@dataclass
class PlanResult:
    feasible: bool
    minutes_needed: int
    minutes_scheduled: int
    sessions: list[Session]
    milestones: list[Milestone]
    finishes_on: date | None
    skipped_days: list[SkippedDay]
    problems: dict[str, list[str]] = field(default_factory=dict)  # invalid input, per field
    options: list[Option] = field(default_factory=list)
    reason: str = ""  # why it is not feasible, in a sentence

    @property
    def gap_minutes(self) -> int:
        return max(0, self.minutes_needed - self.minutes_scheduled)


def level_index(level: str) -> int:
    return LEVELS.index(level)


def minutes_between(levels_from: str, level_to: str, step_hours: Mapping[str, Decimal]) -> int:
    """Study minutes from one level to a higher one, summed over the CEFR steps between them."""
    total = Decimal(0)
    for level in LEVELS[level_index(levels_from) : level_index(level_to)]:
        total += Decimal(step_hours[level])
    return int(total * 60)


@lru_cache(maxsize=32)
def _dutch_holidays(first_year: int, last_year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("NL", years=range(first_year, last_year + 1))
    return {day: str(name) for day, name in calendar.items()}


def dutch_public_holidays(start: date, end: date) -> dict[date, str]:
    return {d: n for d, n in _dutch_holidays(start.year, end.year).items() if start <= d <= end}


def _check(data: PlanInput) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if data.current_level not in LEVELS:
        add("current_level", gettext("Choose one of %(levels)s.") % {"levels": ", ".join(LEVELS)})
    if data.target_level not in LEVELS[1:]:
        add("target_level", gettext("Choose one of %(levels)s.") % {"levels": ", ".join(LEVELS[1:])})
    if not problems and level_index(data.target_level) <= level_index(data.current_level):
        add(
            "target_level",
            gettext("The target must be above the current level (%(level)s).")
            % {"level": data.current_level},
        )
    if data.starts_on < data.today:
        add("starts_on", gettext("The start date is in the past."))
    if data.target_date < data.today:
        add("target_date", gettext("The date to reach the target is in the past."))
    elif data.target_date < data.starts_on:
        add("target_date", gettext("The date to reach the target is before the start date."))
    if data.lesson_minutes_per_week < 0:
        add("lesson_hours_per_week", gettext("Cannot be negative."))
    if data.self_study_minutes_per_week < 0:
        add("self_study_hours_per_week", gettext("Cannot be negative."))
    for index, window in enumerate((*data.free_windows, *data.lesson_windows), start=1):
        if not 0 <= window.weekday <= 6:
            add(
                "availability",
                gettext("Time %(number)s: the weekday must be 0 (Monday) to 6 (Sunday).") % {"number": index},
            )
        if window.minutes <= 0:
            add("availability", gettext("Time %(number)s: ends before it starts.") % {"number": index})
    if problems:
        return problems
    free = sum(window.minutes for window in data.free_windows)
    wanted = data.self_study_minutes_per_week + (0 if data.lesson_windows else data.lesson_minutes_per_week)
    if wanted > free:
        add(
            "availability",
            gettext(
                "The available times hold %(free)s hours a week, but %(wanted)s hours a week are planned"
                " in them. Add times or plan fewer hours."
            )
            % {"free": hours_text(free), "wanted": hours_text(wanted)},
        )
    steps = LEVELS[level_index(data.current_level) : level_index(data.target_level)]
    missing = [level for level in steps if level not in data.step_hours]
    if missing:
        add(
            "target_level",
            gettext("No hours are set for the step from %(levels)s.") % {"levels": ", ".join(missing)},
        )
    return problems


def _hours(minutes: int) -> str:
    """Hours as a plan input takes them ("2.5"): for ``Option.changes``, not for a person."""
    hours = Decimal(minutes) / 60
    return f"{hours.normalize():f}"


def hours_text(minutes: int) -> str:
    """Hours as the active language writes them, to the hundredth: "2.5" in English, "2,5" in
    Dutch or Polish, "120" for whole hours."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return formats.number_format(hours)


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)


def _at(day: date, moment: time, zone: str) -> datetime:
    """A local wall-clock time on a day, as UTC. zoneinfo picks the right offset for that day."""
    return datetime.combine(day, moment, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _schedule(data: PlanInput, until: date, minutes_wanted: int) -> tuple[list[Session], list[SkippedDay]]:
    """Sessions from the start date up to ``until`` (inclusive), stopping at ``minutes_wanted``."""
    sessions: list[Session] = []
    skipped: list[SkippedDay] = []
    if minutes_wanted <= 0:
        return sessions, skipped
    public_holidays = dutch_public_holidays(data.starts_on, until)
    by_weekday: dict[int, list[Window]] = {}
    for window in sorted(data.free_windows, key=lambda w: (w.weekday, w.start)):
        by_weekday.setdefault(window.weekday, []).append(window)
    lessons_by_weekday: dict[int, list[Window]] = {}
    for window in sorted(data.lesson_windows, key=lambda w: (w.weekday, w.start)):
        lessons_by_weekday.setdefault(window.weekday, []).append(window)
    fixed_lessons = bool(data.lesson_windows)

    total = 0
    week: tuple[int, int] | None = None
    lesson_budget = study_budget = 0
    day = data.starts_on
    while day <= until and total < minutes_wanted:
        if _week(day) != week:
            week = _week(day)
            lesson_budget, study_budget = data.lesson_minutes_per_week, data.self_study_minutes_per_week
        todays_free = by_weekday.get(day.weekday(), [])
        todays_lessons = lessons_by_weekday.get(day.weekday(), [])
        if not todays_free and not todays_lessons:
            day += timedelta(days=1)
            continue
        if day in data.leave_days:
            skipped.append(SkippedDay(day, "leave", "Leave"))
            day += timedelta(days=1)
            continue
        if day in public_holidays:
            skipped.append(SkippedDay(day, "holiday", public_holidays[day]))
            day += timedelta(days=1)
            continue

        def add(kind: str, window: Window, offset: int, minutes: int, on: date = day) -> None:
            nonlocal total
            starts_at = _at(on, window.start, window.time_zone) + timedelta(minutes=offset)
            if data.not_before and starts_at < data.not_before:
                return
            minutes = min(minutes, minutes_wanted - total)
            if minutes <= 0:
                return
            sessions.append(Session(kind, on, starts_at, starts_at + timedelta(minutes=minutes), minutes))
            total += minutes

        if fixed_lessons:
            in_course = (data.lessons_from is None or day >= data.lessons_from) and (
                data.lessons_until is None or day <= data.lessons_until
            )
            for window in todays_lessons if in_course else []:
                add(LESSON, window, 0, window.minutes)
        for window in todays_free:
            used = 0
            if not fixed_lessons and lesson_budget > 0:
                minutes = min(window.minutes, lesson_budget)
                add(LESSON, window, 0, minutes)
                lesson_budget -= minutes
                used = minutes
            if study_budget > 0 and window.minutes - used > 0:
                minutes = min(window.minutes - used, study_budget)
                add(SELF_STUDY, window, used, minutes)
                study_budget -= minutes
        day += timedelta(days=1)
    return sessions, skipped


def _milestones(data: PlanInput, sessions: list[Session]) -> list[Milestone]:
    milestones: list[Milestone] = []
    first = level_index(data.current_level) + 1
    last = level_index(data.target_level)
    for level in LEVELS[first : last + 1]:
        threshold = minutes_between(data.current_level, level, data.step_hours)
        due: date | None = None
        running = data.minutes_done
        passed = running >= threshold
        if passed:
            due = data.starts_on
        else:
            for session in sessions:
                running += session.minutes
                if running >= threshold:
                    due = session.day
                    break
        milestones.append(Milestone("level", level, level, due, passed))
        if level in EXAMS:
            milestones.append(Milestone("exam", EXAMS[level], level, due, passed))
    return milestones


def _reachable(data: PlanInput, needed: int) -> bool:
    sessions, _ = _schedule(data, data.target_date, needed)
    return sum(s.minutes for s in sessions) >= needed


def _options(data: PlanInput, needed: int) -> list[Option]:
    options: list[Option] = []
    # 1. More hours a week (self-study grows; the lesson times stay), as far as the free time allows.
    free = sum(window.minutes for window in data.free_windows)
    lessons_in_free = 0 if data.lesson_windows else data.lesson_minutes_per_week
    room = free - lessons_in_free
    low = data.self_study_minutes_per_week // STEP_MINUTES + 1
    high = room // STEP_MINUTES
    if low <= high and _reachable(replace(data, self_study_minutes_per_week=high * STEP_MINUTES), needed):
        while low < high:  # the smallest number of half hours that is enough
            middle = (low + high) // 2
            if _reachable(replace(data, self_study_minutes_per_week=middle * STEP_MINUTES), needed):
                high = middle
            else:
                low = middle + 1
        options.append(
            Option(
                "more_hours",
                {
                    "self_study_hours_per_week": _hours(high * STEP_MINUTES),
                    "lesson_hours_per_week": _hours(data.lesson_minutes_per_week),
                },
            )
        )
    # 2. A later date with the same hours (none helps without hours).
    weekly = data.self_study_minutes_per_week + data.lesson_minutes_per_week
    horizon = max(data.starts_on, data.today) + timedelta(days=HORIZON_DAYS)
    sessions, _ = _schedule(data, horizon, needed) if weekly else ([], [])
    if sessions and sum(s.minutes for s in sessions) >= needed:
        options.append(Option("later_date", {"target_date": sessions[-1].day.isoformat()}))
    # 3. A lower target by the same date.
    for level in reversed(LEVELS[level_index(data.current_level) + 1 : level_index(data.target_level)]):
        lower = minutes_between(data.current_level, level, data.step_hours) - data.minutes_done
        if lower <= 0 or _reachable(data, lower):
            options.append(Option("lower_target", {"target_level": level}))
            break
    return options


def plan(data: PlanInput) -> PlanResult:
    """Check the input, schedule the sessions and say whether the target is reached in time.

    When it is not, ``options`` holds the nearest changes that would make it reachable."""
    problems = _check(data)
    if problems:
        return PlanResult(
            False, 0, 0, [], [], None, [], problems=problems, reason=gettext("The input is not valid.")
        )
    total_needed = minutes_between(data.current_level, data.target_level, data.step_hours)
    needed = max(0, total_needed - data.minutes_done)
    sessions, skipped = _schedule(data, data.target_date, needed)
    scheduled = sum(session.minutes for session in sessions)
    result = PlanResult(
        feasible=scheduled >= needed,
        minutes_needed=needed,
        minutes_scheduled=scheduled,
        sessions=sessions,
        milestones=_milestones(data, sessions),
        finishes_on=sessions[-1].day if sessions and scheduled >= needed else None,
        skipped_days=skipped,
    )
    if not result.feasible:
        if data.lesson_minutes_per_week + data.self_study_minutes_per_week == 0:
            result.reason = gettext("No hours a week are planned, so no level can be reached.")
        else:
            result.reason = gettext(
                "%(level)s needs %(needed)s more hours, but only %(scheduled)s hours fit before %(date)s."
            ) % {
                "level": data.target_level,
                "needed": hours_text(needed),
                "scheduled": hours_text(scheduled),
                "date": formats.date_format(data.target_date, "DATE_FORMAT"),
            }
        result.options = _options(data, needed)
    return result


def windows_minutes(windows: Iterable[Window]) -> int:
    return sum(window.minutes for window in windows)


def hours_to_minutes(hours: Decimal | float | int | str) -> int:
    """Hours as given by people (1.5) to whole minutes, rounded up to a quarter of an hour."""
    minutes = Decimal(str(hours)) * 60
    return int(math.ceil(minutes / 15) * 15)
