"""Turning a step's offset into a moment: pure functions, no database.

A stage starts ``offset_days`` calendar days from its anchor date. A step is ``offset`` calendar or
working days from the start of its stage, at a local time of day. Working days skip Saturdays, Sundays
and Dutch public holidays (the ``holidays`` package). The local moment is turned into UTC with
``zoneinfo``, so 09:00 stays 09:00 on both sides of a DST change.

Whose clock: a step due before the arrival day is set by the newcomer's home time zone (they are still
there); a step due on the arrival day or later by the Netherlands' (they are here then), so a 09:00
meeting at the municipality is 09:00 in Amsterdam, not 09:00 in Kolkata shown as 04:30.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

UTC = ZoneInfo("UTC")
# Where the newcomer works and lives once they have arrived (Dutch employers; Dutch public holidays).
NETHERLANDS = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """``count`` working days after ``start`` (before it when negative). With 0, ``start`` itself
    when it is a working day, else the next working day."""
    step = 1 if count >= 0 else -1
    day = start
    while not is_working_day(day):
        day += timedelta(days=step)
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def stage_start(anchor_date: date, stage_offset_days: int) -> date:
    return anchor_date + timedelta(days=stage_offset_days)


def due_day(*, anchor_date: date, stage_offset_days: int, offset: int, working: bool) -> date:
    start = stage_start(anchor_date, stage_offset_days)
    if working:
        return add_working_days(start, offset)
    return start + timedelta(days=offset)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``at`` on the wall clock of ``zone``, in UTC. A time that does not exist (the hour
    skipped when clocks go forward) lands one hour later, as a clock would show it."""
    local = datetime.combine(day, at, tzinfo=zone)
    roundtrip = local.astimezone(UTC).astimezone(zone)
    if roundtrip.replace(tzinfo=None) != local.replace(tzinfo=None):
        local = roundtrip
    return local.astimezone(UTC)


def zone_on(day: date, *, home: ZoneInfo, here_from: date | None) -> ZoneInfo:
    """The clock for a step due on ``day``: the Netherlands' from ``here_from`` (the arrival day) on,
    the home zone before it, and the home zone throughout while no arrival day is known."""
    if here_from is not None and day >= here_from:
        return NETHERLANDS
    return home


def due_moment(
    *,
    anchor_date: date | None,
    stage_offset_days: int,
    offset: int,
    working: bool,
    at: time,
    zone: ZoneInfo,
    here_from: date | None = None,
) -> datetime | None:
    """The step's moment in UTC: ``at`` on its due day, in ``zone`` (the home zone) before
    ``here_from`` and in the Netherlands from that day on (see ``zone_on``)."""
    if anchor_date is None:
        return None
    day = due_day(
        anchor_date=anchor_date, stage_offset_days=stage_offset_days, offset=offset, working=working
    )
    return local_moment(day, at, zone_on(day, home=zone, here_from=here_from))
