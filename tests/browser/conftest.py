import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.conftest import make_org
from welkom.newcomers.models import NewcomerProfile

# make test runs three lanes and the checks on two cores: a screen that waits on several API calls
# can take more than Playwright's default 5 s to show under that load. A wait, not a speed check
# (speed is measured by bench-frontend).
expect.set_options(timeout=20_000)


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    return make_org("alpha")


@pytest.fixture
def planned_newcomer(demo):  # type: ignore[no-untyped-def]
    """The demo newcomer with fixed arrival and first-day dates, a team, a lead and a buddy."""
    return NewcomerProfile.objects.create(
        organisation=demo.organisation,
        user=demo["newcomer"],
        arrival_on=dt.date(2026, 3, 2),
        first_day_on=dt.date(2026, 3, 9),
        team=demo.team,
        team_lead=demo["team_lead"],
        buddy=demo["colleague"],
    )
