"""The planner at its edges, as a newcomer's plan meets them: a public holiday on the first or the
last day of a plan, the last minute of a re-plan, the reason given in hours, and the proposals of an
infeasible plan with a group course (its lessons are not in the free time). Found by mutation
testing (docs/testing.md)."""

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from django.utils.translation import gettext, override

from tests.language.test_planner import AMS, EVENINGS, make
from welkom.language import planner
from welkom.language.planner import Option, Window

TUESDAY_EVENING = (Window(1, time(19, 0), time(21, 0), AMS),)
KINGS_DAY = date(2027, 4, 27)  # a Tuesday


def test_a_plan_that_starts_on_a_public_holiday_has_its_first_session_a_week_later():
    result = planner.plan(
        make(
            free_windows=TUESDAY_EVENING,
            lesson_minutes_per_week=0,
            self_study_minutes_per_week=120,
            today=date(2027, 4, 1),
            starts_on=KINGS_DAY,
            target_date=date(2027, 12, 31),
        )
    )
    assert result.skipped_days[0].day == KINGS_DAY
    assert result.skipped_days[0].reason == "holiday"
    assert result.sessions[0].day == date(2027, 5, 4)


def test_a_plan_whose_last_day_is_a_public_holiday_has_no_session_on_it():
    result = planner.plan(
        make(
            free_windows=TUESDAY_EVENING,
            lesson_minutes_per_week=0,
            self_study_minutes_per_week=120,
            today=date(2027, 4, 1),
            starts_on=date(2027, 4, 13),
            target_date=KINGS_DAY,
        )
    )
    assert [s.day for s in result.sessions] == [date(2027, 4, 13), date(2027, 4, 20)]
    assert [(d.day, d.reason) for d in result.skipped_days] == [(KINGS_DAY, "holiday")]
    assert result.reason == "A2 needs 120 more hours, but only 4 hours fit before April 27, 2027."


def _one_and_a_half_hours_for_sixty():
    """A1 by the same Monday it starts: one evening of 90 minutes fits, 60 hours are needed."""
    return planner.plan(
        make(
            target_level="A1",
            free_windows=(Window(0, time(19, 0), time(20, 30), AMS),),
            lesson_minutes_per_week=0,
            self_study_minutes_per_week=90,
            starts_on=date(2026, 9, 7),
            target_date=date(2026, 9, 7),
        )
    )


def test_the_reason_counts_half_hours():
    result = _one_and_a_half_hours_for_sixty()
    assert result.minutes_scheduled == 90
    assert result.reason == "A1 needs 60 more hours, but only 1.5 hours fit before Sept. 7, 2026."


def test_a_replan_with_one_minute_left_schedules_that_minute():
    result = planner.plan(make(target_level="A1", minutes_done=60 * 60 - 1))
    assert result.minutes_needed == 1
    assert [(s.kind, s.minutes) for s in result.sessions] == [(planner.LESSON, 1)]
    assert result.feasible
    assert result.finishes_on == result.sessions[0].day == date(2026, 9, 2)  # the first Wednesday


def test_a_replan_with_nothing_left_schedules_nothing_and_reaches_the_target_at_the_start():
    result = planner.plan(make(target_level="A1", minutes_done=60 * 60))
    assert result.sessions == []
    assert result.feasible
    assert [(m.code, m.due_on, m.passed) for m in result.milestones] == [("A1", date(2026, 9, 1), True)]


def test_with_a_group_course_more_self_study_may_take_all_the_free_time():
    """The course's lessons are at their own times, so every free hour is room for self-study: the
    nearest proposal here (6.5 hours) is more than the free time less the lesson hours (5 hours)."""
    data = make(
        target_level="A1",
        lesson_windows=TUESDAY_EVENING,
        lesson_minutes_per_week=120,
        self_study_minutes_per_week=60,
        target_date=date(2026, 10, 20),
    )
    result = planner.plan(data)
    assert not result.feasible
    assert result.options[0] == Option(
        "more_hours", {"self_study_hours_per_week": "6.5", "lesson_hours_per_week": "2"}
    )
    assert planner.plan(replace(data, self_study_minutes_per_week=390)).feasible
    assert not planner.plan(replace(data, self_study_minutes_per_week=360)).feasible


def test_more_hours_are_proposed_in_whole_half_hours():
    data = make(
        target_level="A1",
        lesson_windows=TUESDAY_EVENING,
        lesson_minutes_per_week=120,
        self_study_minutes_per_week=60,
        target_date=date(2026, 10, 26),
    )
    (more, *_) = planner.plan(data).options
    assert more.changes == {"self_study_hours_per_week": "5.5", "lesson_hours_per_week": "2"}


def test_a_lower_target_one_level_up_is_proposed_when_only_that_fits():
    result = planner.plan(make(target_level="A2", lesson_minutes_per_week=0, self_study_minutes_per_week=90))
    assert Option("lower_target", {"target_level": "A1"}) in result.options


def test_hours_people_give_are_rounded_up_to_a_quarter_hour():
    assert planner.hours_to_minutes(4) == 240
    assert planner.hours_to_minutes("2.5") == 150
    assert planner.hours_to_minutes(1.1) == 75
    assert planner.hours_to_minutes(Decimal("0.2")) == 15


def test_no_more_hours_are_proposed_when_the_free_time_is_full():
    # 7 free hours a week: 4 of lessons and 3 of self-study fill them.
    result = planner.plan(make(target_level="B1", self_study_minutes_per_week=180))
    assert not result.feasible
    assert [option.kind for option in result.options] == ["later_date", "lower_target"]


def test_a_later_date_is_proposed_when_lessons_and_self_study_are_equal():
    result = planner.plan(
        make(target_level="B1", lesson_minutes_per_week=120, self_study_minutes_per_week=120)
    )
    later = [option for option in result.options if option.kind == "later_date"]
    assert later == [Option("later_date", {"target_date": "2028-03-08"})]
    assert planner.plan(
        make(
            target_level="B1",
            lesson_minutes_per_week=120,
            self_study_minutes_per_week=120,
            target_date=date(2028, 3, 8),
        )
    ).feasible


def test_no_later_date_is_proposed_when_five_years_are_not_enough():
    result = planner.plan(make(target_level="B2", lesson_minutes_per_week=0, self_study_minutes_per_week=30))
    assert not result.feasible
    assert [option.kind for option in result.options] == []


def test_a_replan_proposes_the_lower_target_the_hours_already_done_make_reachable():
    result = planner.plan(make(target_level="B1", target_date=date(2027, 1, 31), minutes_done=100 * 60))
    assert not result.feasible
    assert Option("lower_target", {"target_level": "A2"}) in result.options


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"current_level": "X1"}, "current_level", "Choose one of A0, A1, A2, B1, B2, C1."),
        ({"target_level": "A0"}, "target_level", "Choose one of A1, A2, B1, B2, C1."),
        (
            {"current_level": "A2", "target_level": "A1"},
            "target_level",
            "The target must be above the current level (A2).",
        ),
        ({"starts_on": date(2026, 7, 31)}, "starts_on", "The start date is in the past."),
        (
            {"target_date": date(2026, 8, 31)},
            "target_date",
            "The date to reach the target is before the start date.",
        ),
        ({"lesson_minutes_per_week": -1}, "lesson_hours_per_week", "Cannot be negative."),
        ({"self_study_minutes_per_week": -1}, "self_study_hours_per_week", "Cannot be negative."),
        (
            {"free_windows": (Window(7, time(19), time(20), AMS),)},
            "availability",
            "Time 1: the weekday must be 0 (Monday) to 6 (Sunday).",
        ),
        (
            {"free_windows": (*EVENINGS, Window(1, time(20), time(19), AMS))},
            "availability",
            "Time 4: ends before it starts.",
        ),
        (
            {"lesson_minutes_per_week": 300, "self_study_minutes_per_week": 180},
            "availability",
            "The available times hold 7 hours a week, but 8 hours a week are planned in them. "
            "Add times or plan fewer hours.",
        ),
        ({"step_hours": {"A0": Decimal(60)}}, "target_level", "No hours are set for the step from A1."),
    ],
)
def test_each_invalid_input_is_named_with_its_field_and_reason(changes, field, message):
    """today is 1 August 2026 and the plan starts on 1 September (tests.language.test_planner.make)."""
    result = planner.plan(make(**changes))
    assert result.problems == {field: [message]}
    assert not result.feasible
    assert result.reason == "The input is not valid."


def test_a_plan_may_start_today_and_end_today():
    today = date(2026, 9, 7)  # a Monday with an evening free
    result = planner.plan(make(today=today, starts_on=today, target_date=today, target_level="A1"))
    assert result.problems == {}
    assert [s.day for s in result.sessions] == [today]


@pytest.mark.parametrize(
    ("language", "free", "wanted"), [("en", "4.5", "5.5"), ("nl", "4,5", "5,5"), ("pl", "4,5", "5,5")]
)
def test_the_hours_in_a_reason_are_written_as_the_readers_language_writes_numbers(language, free, wanted):
    """Half hours read "4,5" in Dutch and Polish, not "4.5"; the hours the plan takes stay "4.5"."""
    evenings = (Window(0, time(19, 0), time(21, 0), AMS), Window(2, time(19, 0), time(21, 30), AMS))
    with override(language):
        result = planner.plan(
            make(free_windows=evenings, lesson_minutes_per_week=150, self_study_minutes_per_week=180)
        )
        expected = gettext(
            "The available times hold %(free)s hours a week, but %(wanted)s hours a week are planned"
            " in them. Add times or plan fewer hours."
        ) % {"free": free, "wanted": wanted}
    assert result.problems == {"availability": [expected]}


@pytest.mark.parametrize(
    ("language", "scheduled", "day"),
    [("en", "1.5", "Sept. 7, 2026"), ("nl", "1,5", "7 september 2026"), ("pl", "1,5", "7 września 2026")],
)
def test_the_reason_of_an_unreachable_target_writes_half_hours_and_the_date_in_the_readers_language(
    language, scheduled, day
):
    with override(language):
        result = _one_and_a_half_hours_for_sixty()
        expected = gettext(
            "%(level)s needs %(needed)s more hours, but only %(scheduled)s hours fit before %(date)s."
        ) % {"level": "A1", "needed": "60", "scheduled": scheduled, "date": day}
    assert result.reason == expected


def test_a_minute_is_written_to_the_hundredth_of_an_hour():
    with override("nl"):
        assert planner.hours_text(1) == "0,02"
        assert planner.hours_text(135) == "2,25"


@pytest.mark.parametrize(("language", "hours"), [("en", "2.5"), ("nl", "2,5"), ("pl", "2,5")])
def test_the_nearest_options_name_half_hours_in_the_readers_language(language, hours):
    from welkom.language.services import describe_options

    result = planner.PlanResult(False, 600, 300, [], [], None, [])
    result.options = [
        Option("more_hours", {"self_study_hours_per_week": "2.5", "lesson_hours_per_week": "4"})
    ]
    with override(language):
        expected = gettext("%(hours)s hours of self-study a week") % {"hours": hours}
        assert describe_options(result) == expected
    assert result.options[0].changes["self_study_hours_per_week"] == "2.5"  # what the plan takes


@pytest.mark.parametrize(
    ("language", "day"), [("en", "April 27, 2027"), ("nl", "27 april 2027"), ("pl", "27 kwietnia 2027")]
)
def test_the_nearest_options_name_a_later_date_in_the_readers_language(language, day):
    from welkom.language.services import describe_options

    result = planner.PlanResult(False, 600, 300, [], [], None, [])
    result.options = [Option("later_date", {"target_date": "2027-04-27"})]
    with override(language):
        assert describe_options(result) == gettext("a later date: %(date)s") % {"date": day}
    assert result.options[0].changes["target_date"] == "2027-04-27"  # what the plan takes
