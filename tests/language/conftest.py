from datetime import date, timedelta

import holidays
import pytest
from django.utils import timezone

from tests.newcomers.factories import NewcomerProfileFactory
from welkom.journeys.schedule import is_working_day


def next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def profile(org_a):
    return NewcomerProfileFactory(
        user=org_a["newcomer"],
        team=org_a.team,
        team_lead=org_a["team_lead"],
        time_zone="Europe/Amsterdam",
    )


@pytest.fixture
def plan_input(profile):
    # Amsterdam's date, as the planner counts days; not the machine's (another zone under faketime).
    # The first Monday whose week is free of Dutch public holidays: no lesson or study time falls on
    # one (Boxing Day on a Saturday took a session away in the week of 21 December 2026).
    start = next_weekday(timezone.localdate() + timedelta(days=1), 0)
    while any(not is_working_day(start + timedelta(days=offset)) for offset in range(5)) or (
        start + timedelta(days=5)
    ) in holidays.country_holidays("NL", years=start.year):
        start += timedelta(days=7)
    return {
        "newcomer": profile.pk,
        "current_level": "A0",
        "target_level": "A2",
        "target_date": (start + timedelta(days=300)).isoformat(),
        "starts_on": start.isoformat(),
        "lesson_hours_per_week": "4",
        "self_study_hours_per_week": "2",
        "availability": [
            {"weekday": 0, "start": "19:00", "end": "21:00"},
            {"weekday": 2, "start": "19:00", "end": "21:00"},
            {"weekday": 5, "start": "10:00", "end": "12:00"},
        ],
        "course_format": "external_course",
    }
