"""The planner on its own: pure input in, schedule out. No database needed."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest

from welkom.language import planner
from welkom.language.planner import PlanInput, Window

AMS = "Europe/Amsterdam"
STEPS = {"A0": Decimal(60), "A1": Decimal(60), "A2": Decimal(200), "B1": Decimal(200), "B2": Decimal(200)}
EVENINGS = (
    Window(0, time(19, 0), time(21, 0), AMS),  # Monday
    Window(2, time(19, 0), time(21, 0), AMS),  # Wednesday
    Window(5, time(10, 0), time(13, 0), AMS),  # Saturday
)


def make(**changes) -> PlanInput:
    base = PlanInput(
        current_level="A0",
        target_level="A2",
        target_date=date(2027, 6, 30),
        starts_on=date(2026, 9, 1),
        lesson_minutes_per_week=240,
        self_study_minutes_per_week=120,
        free_windows=EVENINGS,
        step_hours=STEPS,
        today=date(2026, 8, 1),
    )
    return replace(base, **changes)


def test_a_reachable_goal_gives_dated_sessions_and_level_milestones():
    result = planner.plan(make())
    assert result.feasible
    assert result.minutes_needed == 120 * 60
    assert sum(s.minutes for s in result.sessions) == 120 * 60
    lessons = [s for s in result.sessions if s.kind == planner.LESSON]
    study = [s for s in result.sessions if s.kind == planner.SELF_STUDY]
    assert lessons
    assert study
    # lessons go first into the week's times, self-study after them
    assert result.sessions[0].kind == planner.LESSON
    assert all(s.starts_at.tzinfo == UTC for s in result.sessions)
    assert [(m.kind, m.code) for m in result.milestones] == [("level", "A1"), ("level", "A2")]
    a1, a2 = result.milestones
    assert a1.due_on < a2.due_on == result.finishes_on <= date(2027, 6, 30)
    assert result.options == []


def test_zero_hours_is_not_feasible_and_proposes_hours():
    result = planner.plan(make(lesson_minutes_per_week=0, self_study_minutes_per_week=0))
    assert not result.feasible
    assert result.sessions == []
    assert "No hours" in result.reason
    kinds = {option.kind for option in result.options}
    assert "more_hours" in kinds
    assert "later_date" not in kinds  # no date helps without hours


def test_no_free_time_at_all_names_the_availability():
    result = planner.plan(make(free_windows=()))
    assert "availability" in result.problems


@pytest.mark.parametrize("target", ["A0", "A1"])
def test_target_not_above_current_level_is_refused(target):
    result = planner.plan(make(current_level="A1", target_level=target))
    assert "target_level" in result.problems
    assert result.sessions == []


def test_deadline_in_the_past_is_refused():
    result = planner.plan(make(today=date(2026, 10, 1), target_date=date(2026, 9, 30)))
    assert result.problems["target_date"] == ["The date to reach the target is in the past."]


def test_a_start_in_the_past_is_refused():
    assert "starts_on" in planner.plan(make(today=date(2026, 9, 2))).problems


def test_deadline_before_the_start_is_refused():
    result = planner.plan(make(target_date=date(2026, 8, 20)))
    assert "target_date" in result.problems


def test_more_hours_than_the_free_time_holds_is_refused():
    result = planner.plan(make(self_study_minutes_per_week=10 * 60))
    assert "availability" in result.problems


def test_a_goal_just_reachable_on_the_last_day_is_feasible_and_a_day_earlier_is_not():
    open_ended = planner.plan(make(target_date=date(2028, 1, 1)))
    last_day = open_ended.finishes_on
    assert planner.plan(make(target_date=last_day)).feasible
    too_early = planner.plan(make(target_date=last_day - timedelta(days=1)))
    assert not too_early.feasible
    assert too_early.gap_minutes > 0
    later = [o for o in too_early.options if o.kind == "later_date"]
    assert later == [planner.Option("later_date", {"target_date": last_day.isoformat()})]


def test_the_nearest_options_each_make_the_goal_reachable():
    # A0 -> B1 is 320 hours; six hours a week until March is far too little.
    data = make(
        target_level="B1",
        target_date=date(2027, 3, 31),
        free_windows=(*EVENINGS, Window(6, time(9, 0), time(17, 0), AMS)),
    )
    result = planner.plan(data)
    assert not result.feasible
    options = {o.kind: o.changes for o in result.options}
    assert set(options) == {"more_hours", "later_date", "lower_target"}

    more = options["more_hours"]
    minutes = planner.hours_to_minutes(more["self_study_hours_per_week"])
    assert planner.plan(replace(data, self_study_minutes_per_week=minutes)).feasible
    # and it is the nearest: half an hour less is not enough
    assert not planner.plan(replace(data, self_study_minutes_per_week=minutes - 30)).feasible

    later = date.fromisoformat(options["later_date"]["target_date"])
    assert planner.plan(replace(data, target_date=later)).feasible

    assert options["lower_target"] == {"target_level": "A2"}
    assert planner.plan(replace(data, target_level="A2")).feasible


def test_dutch_public_holidays_and_leave_have_no_sessions():
    leave = frozenset(date(2027, 1, 4) + timedelta(days=n) for n in range(7))
    result = planner.plan(
        make(
            leave_days=leave,
            target_date=date(2027, 12, 31),
            target_level="B1",
            self_study_minutes_per_week=180,
        )
    )
    nl = holidays.country_holidays("NL", years=[2026, 2027])
    days = {s.day for s in result.sessions}
    assert not days & set(nl)
    assert not days & leave
    skipped = {(d.day, d.reason) for d in result.skipped_days}
    assert result.feasible
    # Easter Monday 2027 (29 March) falls on a Monday evening lesson
    assert (date(2027, 3, 29), "holiday") in skipped
    assert (date(2027, 1, 4), "leave") in skipped
    names = {d.day: d.name for d in result.skipped_days}
    assert names[date(2027, 3, 29)] == nl[date(2027, 3, 29)]


def test_lesson_at_seven_in_amsterdam_stays_at_seven_across_summer_time():
    monday = (Window(0, time(19, 0), time(21, 0), AMS),)
    result = planner.plan(
        make(
            starts_on=date(2026, 10, 12),
            target_date=date(2026, 11, 30),
            free_windows=monday,
            lesson_minutes_per_week=120,
            self_study_minutes_per_week=0,
            target_level="A1",
        )
    )
    by_day = {s.day: s for s in result.sessions}
    before, after = by_day[date(2026, 10, 19)], by_day[date(2026, 10, 26)]  # clocks go back 25 October
    assert before.starts_at == datetime(2026, 10, 19, 17, 0, tzinfo=UTC)
    assert after.starts_at == datetime(2026, 10, 26, 18, 0, tzinfo=UTC)
    for session in result.sessions:
        assert session.starts_at.astimezone(ZoneInfo(AMS)).time() == time(19, 0)
    # in spring the other way round
    spring = planner.plan(
        make(
            starts_on=date(2027, 3, 22),
            target_date=date(2027, 5, 31),
            free_windows=monday,
            lesson_minutes_per_week=120,
            self_study_minutes_per_week=0,
            target_level="A1",
        )
    )
    starts = {s.day: s.starts_at for s in spring.sessions}
    assert starts[date(2027, 3, 22)].hour == 18
    assert starts[date(2027, 4, 5)].hour == 17


def test_a_group_course_in_amsterdam_time_for_a_newcomer_still_abroad():
    course = (Window(1, time(19, 0), time(21, 0), AMS), Window(3, time(19, 0), time(21, 0), AMS))
    kolkata = (Window(6, time(9, 0), time(12, 0), "Asia/Kolkata"),)
    result = planner.plan(
        make(
            lesson_windows=course,
            lesson_minutes_per_week=240,
            free_windows=kolkata,
            lessons_from=date(2026, 9, 1),
            lessons_until=date(2026, 12, 18),
            target_date=date(2027, 9, 1),
        )
    )
    assert result.feasible
    lessons = [s for s in result.sessions if s.kind == planner.LESSON]
    assert all(s.starts_at.astimezone(ZoneInfo(AMS)).time() == time(19, 0) for s in lessons)
    assert max(s.day for s in lessons) <= date(2026, 12, 18)  # the course ends; self-study goes on
    study = [s for s in result.sessions if s.kind == planner.SELF_STUDY]
    assert all(s.starts_at.astimezone(ZoneInfo("Asia/Kolkata")).time() == time(9, 0) for s in study)


@pytest.mark.parametrize(
    ("target", "exams"),
    [("A2", []), ("B1", ["nt2_programme_1"]), ("B2", ["nt2_programme_1", "nt2_programme_2"])],
)
def test_staatsexamen_milestones_only_where_the_target_asks_for_them(target, exams):
    result = planner.plan(make(target_level=target, target_date=date(2030, 1, 1)))
    assert [m.code for m in result.milestones if m.kind == "exam"] == exams


def test_replanning_counts_what_is_done_and_schedules_nothing_in_the_past():
    now = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)  # a Wednesday, before the evening lesson
    result = planner.plan(make(starts_on=date(2026, 11, 4), minutes_done=50 * 60, not_before=now))
    assert result.minutes_needed == 70 * 60
    assert sum(s.minutes for s in result.sessions) == 70 * 60
    assert all(s.starts_at >= now for s in result.sessions)
    assert result.sessions[0].starts_at == datetime(2026, 11, 4, 18, 0, tzinfo=UTC)
    a1 = result.milestones[0]
    assert a1.code == "A1"
    assert not a1.passed
    done_a1 = planner.plan(make(starts_on=date(2026, 11, 4), minutes_done=61 * 60, not_before=now))
    assert done_a1.milestones[0].passed


def test_hours_come_from_the_table_given():
    bigger = {**STEPS, "A0": Decimal(90)}
    assert planner.plan(make(step_hours=bigger)).minutes_needed == 150 * 60
    assert "target_level" in planner.plan(make(step_hours={"A0": Decimal(60)})).problems


def test_a_course_has_lessons_on_its_first_and_its_last_day():
    """The course's own dates are days of the course: a lesson on the first and on the last one."""
    course = (Window(1, time(19, 0), time(21, 0), AMS), Window(3, time(19, 0), time(21, 0), AMS))
    result = planner.plan(
        make(
            lesson_windows=course,
            lesson_minutes_per_week=240,
            lessons_from=date(2026, 9, 3),  # a Thursday
            lessons_until=date(2026, 12, 17),  # a Thursday
            target_date=date(2027, 9, 1),
        )
    )
    lesson_days = sorted(s.day for s in result.sessions if s.kind == planner.LESSON)
    assert lesson_days[0] == date(2026, 9, 3)
    assert lesson_days[-1] == date(2026, 12, 17)
    assert date(2026, 9, 1) not in lesson_days  # a Tuesday before the course
