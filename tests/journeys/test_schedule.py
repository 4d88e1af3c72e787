"""Due moments: calendar and working days, weekends, Dutch public holidays, DST, time zones."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from welkom.journeys import schedule

AMS = ZoneInfo("Europe/Amsterdam")


def test_working_days_skip_weekends_and_dutch_public_holidays():
    # Friday 24 April 2026 + 1 working day: Monday 27 April is King's Day, so Tuesday 28 April.
    assert schedule.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)
    # Christmas: Thursday 24 Dec 2026 + 1 working day skips 25, 26 (holidays) and the weekend → 28 Dec.
    assert schedule.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)


def test_zero_working_days_rolls_a_weekend_forward_and_negative_offsets_go_back():
    assert schedule.add_working_days(date(2026, 11, 7), 0) == date(2026, 11, 9)  # Saturday → Monday
    assert schedule.add_working_days(date(2026, 11, 9), -1) == date(2026, 11, 6)  # Monday → Friday
    # Tuesday after Easter Monday 2026 (6 April) minus one working day: Thursday 2 April (Good Friday is
    # not a public holiday for everyone in the Netherlands, and the library agrees).
    assert schedule.add_working_days(date(2026, 4, 7), -1) in (date(2026, 4, 2), date(2026, 4, 3))


def test_local_time_of_day_survives_the_dst_change():
    before = schedule.due_moment(
        anchor_date=date(2026, 10, 24), stage_offset_days=0, offset=0, working=False, at=time(9), zone=AMS
    )
    after = schedule.due_moment(
        anchor_date=date(2026, 10, 24), stage_offset_days=0, offset=2, working=False, at=time(9), zone=AMS
    )
    assert before == datetime(2026, 10, 24, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    assert after == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # CET, UTC+1: still 09:00 on the wall


def test_a_time_skipped_by_the_spring_change_lands_an_hour_later():
    moment = schedule.local_moment(date(2026, 3, 29), time(2, 30), AMS)
    assert moment.astimezone(AMS).time() == time(3, 30)


def test_the_newcomers_own_time_zone_is_used():
    kolkata = ZoneInfo("Asia/Kolkata")
    moment = schedule.due_moment(
        anchor_date=date(2026, 11, 2),
        stage_offset_days=-30,
        offset=0,
        working=False,
        at=time(18),
        zone=kolkata,
    )
    assert moment == datetime(2026, 10, 3, 12, 30, tzinfo=UTC)


def test_from_the_arrival_day_on_a_step_keeps_dutch_time_not_home_time():
    kolkata = ZoneInfo("Asia/Kolkata")
    arrival = date(2026, 11, 2)

    def at_nine(offset: int, here_from: date | None = arrival) -> datetime | None:
        return schedule.due_moment(
            anchor_date=arrival, stage_offset_days=0, offset=offset, working=False, at=time(9),
            zone=kolkata, here_from=here_from,
        )  # fmt: skip

    assert at_nine(-1) == datetime(2026, 11, 1, 3, 30, tzinfo=UTC)  # the day before: 09:00 in Kolkata
    assert at_nine(0) == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # the arrival day: 09:00 in Amsterdam
    assert at_nine(7) == datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # a week later: still Amsterdam
    assert at_nine(7, here_from=None) == datetime(2026, 11, 9, 3, 30, tzinfo=UTC)  # arrival unknown: home


def test_a_step_after_arrival_is_set_by_the_dutch_clock_across_its_dst_change():
    # Arrival Friday 23 Oct 2026; clocks go back on Sunday 25 Oct in Amsterdam (Kolkata has no DST).
    kolkata = ZoneInfo("Asia/Kolkata")
    arrival = date(2026, 10, 23)
    moments = [
        schedule.due_moment(
            anchor_date=arrival,
            stage_offset_days=0,
            offset=offset,
            working=False,
            at=time(9),
            zone=kolkata,
            here_from=arrival,
        )
        for offset in (0, 3)
    ]
    assert [moment.astimezone(AMS).time() for moment in moments if moment] == [time(9), time(9)]
    assert moments == [datetime(2026, 10, 23, 7, tzinfo=UTC), datetime(2026, 10, 26, 8, tzinfo=UTC)]


def test_no_anchor_date_means_no_moment_yet():
    assert (
        schedule.due_moment(
            anchor_date=None, stage_offset_days=0, offset=0, working=True, at=time(9), zone=AMS
        )
        is None
    )
