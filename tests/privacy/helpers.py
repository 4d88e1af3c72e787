"""A newcomer with a full profile, for the privacy and audit tests."""

from __future__ import annotations

from datetime import date

from tests.factories import UserFactory
from welkom.accounts.models import Role, User
from welkom.newcomers import services
from welkom.newcomers.models import NewcomerProfile


def newcomer_with_profile(org, *, full_name: str, email: str, team=None) -> User:  # type: ignore[no-untyped-def]
    person = UserFactory(organisation=org.organisation, role=Role.NEWCOMER, full_name=full_name, email=email)
    profile = NewcomerProfile.objects.create(
        organisation=org.organisation, user=person, team=team or org.team
    )
    services.profile_update(
        profile=profile,
        changed_by=org["hr"],
        arrival_on=date(2026, 11, 2),
        first_day_on=date(2026, 11, 9),
        home_country="IN",
        municipality="eindhoven",
        has_partner=True,
        buddy=org["colleague"],
        children=[{"first_name": f"{full_name.split()[0]}-junior", "birth_date": date(2021, 5, 4)}],
        leaves=[{"starts_on": date(2026, 12, 20), "ends_on": date(2027, 1, 3), "note": f"{full_name} home"}],
    )
    return person
