"""The planner's days and sessions at their edges: the first free day after a public holiday or a
leave day, self-study after a lesson in the same free time, the session that reaches the target
being the last, a re-plan made at the very minute a session starts, the milestones of a re-plan past
an exam level, and the input checks at their limits. Found by mutation testing (docs/testing.md)."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.language.test_planner import AMS, EVENINGS, make
from welkom.language import planner
from welkom.language.planner import Milestone, Option, Window

MONDAY_AND_TUESDAY = (Window(0, time(19, 0), time(21, 0), AMS), Window(1, time(19, 0), time(21, 0), AMS))
EASTER_MONDAY = date(2027, 3, 29)


def _local(session: planner.Session) -> tuple[str, date, time, time]:
    zone = ZoneInfo(AMS)
    return (
        session.kind,
        session.day,
        session.starts_at.astimezone(zone).time(),
        session.ends_at.astimezone(zone).time(),
    )


def test_the_first_free_day_after_a_public_holiday_or_a_leave_day_has_its_session():
    leave = date(2027, 4, 5)  # the Monday after Easter week
    result = planner.plan(
        make(
            free_windows=MONDAY_AND_TUESDAY,
            lesson_minutes_per_week=0,
            self_study_minutes_per_week=240,
            today=date(2027, 3, 1),
            starts_on=EASTER_MONDAY,
            target_date=date(2027, 4, 6),
            leave_days=frozenset({leave}),
        )
    )
    assert [s.day for s in result.sessions] == [date(2027, 3, 30), date(2027, 4, 6)]
    assert [(d.day, d.reason) for d in result.skipped_days] == [(EASTER_MONDAY, "holiday"), (leave, "leave")]
    assert result.skipped_days[1].name == "Leave"


def test_self_study_follows_the_lesson_in_the_same_free_time():
    """An hour of lessons and three of self-study a week in two evenings of two hours."""
    result = planner.plan(
        make(
            target_level="A1",
            free_windows=(Window(0, time(18, 0), time(20, 0), AMS), Window(1, time(18, 0), time(20, 0), AMS)),
            lesson_minutes_per_week=60,
            self_study_minutes_per_week=180,
            starts_on=date(2026, 9, 7),  # a Monday in summer time
        )
    )
    assert [_local(s) for s in result.sessions[:3]] == [
        (planner.LESSON, date(2026, 9, 7), time(18, 0), time(19, 0)),
        (planner.SELF_STUDY, date(2026, 9, 7), time(19, 0), time(20, 0)),
        (planner.SELF_STUDY, date(2026, 9, 8), time(18, 0), time(20, 0)),
    ]


def test_the_session_that_reaches_the_target_is_the_last_one():
    """The target is reached in the first of two free times on a Monday: nothing follows it, not
    even an empty session in the second."""
    result = planner.plan(
        make(
            target_level="A1",
            step_hours={"A0": Decimal(1)},
            free_windows=(Window(0, time(18, 0), time(19, 0), AMS), Window(0, time(20, 0), time(21, 0), AMS)),
            lesson_minutes_per_week=0,
            self_study_minutes_per_week=120,
            starts_on=date(2026, 9, 7),
        )
    )
    assert result.feasible
    assert [_local(s) for s in result.sessions] == [
        (planner.SELF_STUDY, date(2026, 9, 7), time(18, 0), time(19, 0))
    ]
    assert result.finishes_on == date(2026, 9, 7)
    assert result.skipped_days == []  # Easter Monday 2027 comes after the end: not a day missed


def test_a_replan_made_the_minute_a_session_starts_keeps_that_session():
    starts = datetime(2026, 11, 4, 18, 0, tzinfo=UTC)  # Wednesday 19:00 in Amsterdam
    result = planner.plan(make(starts_on=date(2026, 11, 4), minutes_done=50 * 60, not_before=starts))
    assert result.sessions[0].starts_at == starts


def test_a_replan_past_b1_marks_its_exam_passed_and_dates_the_next_one():
    done = planner.minutes_between("A0", "B1", make().step_hours)
    result = planner.plan(
        make(target_level="B2", target_date=date(2030, 1, 1), starts_on=date(2026, 9, 1), minutes_done=done)
    )
    assert result.feasible
    start, end = date(2026, 9, 1), result.finishes_on
    assert result.milestones == [
        Milestone("level", "A1", "A1", start, True),
        Milestone("level", "A2", "A2", start, True),
        Milestone("level", "B1", "B1", start, True),
        Milestone("exam", "nt2_programme_1", "B1", start, True),
        Milestone("level", "B2", "B2", end, False),
        Milestone("exam", "nt2_programme_2", "B2", end, False),
    ]


def test_the_reason_says_no_hours_only_when_there_are_none():
    none = planner.plan(make(lesson_minutes_per_week=0, self_study_minutes_per_week=0))
    assert none.reason == "No hours a week are planned, so no level can be reached."
    assert [m.due_on for m in none.milestones] == [None, None]  # not reached: no date
    equal = planner.plan(
        make(target_level="B1", lesson_minutes_per_week=120, self_study_minutes_per_week=120)
    )
    assert not equal.feasible
    assert equal.reason.startswith("B1 needs 320 more hours, but only ")


def test_a_free_time_that_ends_when_it_starts_is_refused_and_one_minute_is_enough():
    empty = planner.plan(make(free_windows=(*EVENINGS, Window(1, time(19), time(19), AMS))))
    assert empty.problems == {"availability": ["Time 4: ends before it starts."]}
    assert (
        empty.feasible,
        empty.minutes_needed,
        empty.minutes_scheduled,
        empty.sessions,
        empty.milestones,
        empty.finishes_on,
        empty.skipped_days,
    ) == (False, 0, 0, [], [], None, [])
    assert planner.plan(make(free_windows=(*EVENINGS, Window(1, time(19), time(19, 1), AMS)))).problems == {}


def test_with_a_group_course_self_study_may_fill_every_free_minute():
    """The course's lessons are at their own times, not in the free time (7 hours a week)."""
    result = planner.plan(
        make(
            lesson_windows=(Window(3, time(18, 0), time(20, 0), AMS),),
            lesson_minutes_per_week=120,
            self_study_minutes_per_week=7 * 60,
        )
    )
    assert result.problems == {}


def test_half_an_hour_short_with_a_group_course_every_free_minute_is_offered():
    """A group course's lessons are at their own times, so all 7 free hours a week may go to
    self-study. 6.5 hours fall just short of A2 by 8 December; 7 are exactly enough, and offered."""
    course = (Window(3, time(18, 0), time(20, 0), AMS),)
    short = make(
        lesson_windows=course,
        lesson_minutes_per_week=120,
        self_study_minutes_per_week=390,
        target_date=date(2026, 12, 8),
    )
    result = planner.plan(short)
    assert not result.feasible
    every_free_minute: dict[str, object] = {"self_study_hours_per_week": "7", "lesson_hours_per_week": "2"}
    assert Option("more_hours", every_free_minute) in result.options
    assert planner.plan(replace(short, self_study_minutes_per_week=7 * 60)).feasible
