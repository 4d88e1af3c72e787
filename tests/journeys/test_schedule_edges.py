"""Due dates at the edges people meet: a step due on a public holiday moves to the first working
day after it, a count of working days back from a Monday lands on the Friday before, and a step at
a time of day the autumn change repeats keeps the first (summer-time) hour. Found by mutation
testing (docs/testing.md)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from welkom.journeys import schedule

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("anchor", "due"),
    [
        (date(2026, 4, 27), date(2026, 4, 28)),  # King's Day (a Monday): the Tuesday
        (date(2027, 3, 29), date(2027, 3, 30)),  # Easter Monday: the Tuesday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas (a Friday), Boxing Day, the weekend
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day (a Friday): the Monday
        (date(2026, 12, 24), date(2026, 12, 24)),  # Christmas Eve is a working day
        (date(2026, 11, 6), date(2026, 11, 6)),  # a Friday
    ],
)
def test_a_step_due_on_a_day_off_moves_to_the_first_working_day_after_it(anchor, due):
    moment = schedule.due_moment(
        anchor_date=anchor, stage_offset_days=0, offset=0, working=True, at=time(9), zone=AMS
    )
    assert moment is not None
    assert moment.astimezone(AMS).date() == due
    assert moment.astimezone(AMS).time() == time(9)


def test_working_days_count_from_the_stage_start_across_a_holiday_week():
    # Stage starts 7 days before Tuesday 29 Dec 2026: Tuesday 22 Dec. Four working days on:
    # 23, 24, (25 and 26 holidays, 27 Sunday) 28, 29 December.
    day = schedule.due_day(anchor_date=date(2026, 12, 29), stage_offset_days=-7, offset=4, working=True)
    assert day == date(2026, 12, 29)


def test_calendar_days_do_not_skip_holidays():
    day = schedule.due_day(anchor_date=date(2026, 12, 22), stage_offset_days=0, offset=3, working=False)
    assert day == date(2026, 12, 25)


def test_working_days_back_from_a_day_after_a_weekend():
    assert schedule.add_working_days(date(2026, 11, 9), -2) == date(2026, 11, 5)  # Monday → Thursday
    assert schedule.add_working_days(date(2026, 11, 8), -1) == date(2026, 11, 5)  # Sunday: from Friday
    assert schedule.add_working_days(date(2026, 11, 6), 5) == date(2026, 11, 13)  # a whole week


def test_the_hour_the_autumn_change_repeats_is_its_first_occurrence():
    moment = schedule.local_moment(date(2026, 10, 25), time(2, 30), AMS)
    assert moment == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, before clocks go back
    assert schedule.local_moment(date(2026, 10, 25), time(12), AMS) == datetime(2026, 10, 25, 11, tzinfo=UTC)
