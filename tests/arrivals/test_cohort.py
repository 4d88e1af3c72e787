"""The cohort: newcomers arriving in one week and where each stands."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from welkom.accounts.models import Invitation
from welkom.checklists.models import ChecklistItem
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.services import profile_create

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 6, 12, tzinfo=UTC)  # the Friday of that week


@pytest.fixture(autouse=True)
def friday(clock):  # type: ignore[no-untyped-def]
    """'Late' and 'expired' are judged against Django's clock: the Friday of the arrivals' week."""
    clock.now = NOW


def arrive(org, number: int, *, day: date = MONDAY, **data) -> NewcomerProfile:  # type: ignore[no-untyped-def]
    return profile_create(
        created_by=org["hr"],
        email=f"cohort{number}@example.test",
        full_name=f"Person {number:03d}",
        team=org.team,
        arrival_on=day,
        first_day_on=day + timedelta(days=7),
        **data,
    )


def finish(profile: NewcomerProfile, *refs: str, status: str = "done") -> None:
    for ref in refs:
        slug, key = ref.split("/")
        ChecklistItem.objects.filter(
            checklist__profile=profile, template_item__template__slug=slug, template_item__key=key
        ).update(status=status)


def week(client, text: str = "2026-W45", **query) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get("/api/arrivals/cohort", {"week": text, "page_size": 100, **query})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_where_each_newcomer_of_the_week_stands(client_factory, org_a, content):
    waiting = arrive(org_a, 1)
    accepted = arrive(org_a, 2, stays_longer_than_4_months=False)  # short stay: RNI, no address item
    expired = arrive(org_a, 3, tenure="buying")
    arrive(org_a, 4, day=MONDAY + timedelta(days=7))  # next week
    arrive(org_a, 5, day=MONDAY - timedelta(days=1))  # the Sunday before

    user = accepted.user
    user.set_password("a-long-password-1")
    user.is_active = True
    user.save()
    Invitation.objects.filter(user=user).update(accepted_at=NOW)
    Invitation.objects.filter(user=expired.user).update(expires_at=NOW - timedelta(days=1))

    finish(
        accepted,
        "arrival-registration/register-rni",
        "health-insurance/basic-insurance",
        "housing/temporary-housing",
    )
    finish(expired, "arrival-registration/register-brp")
    finish(expired, "health-insurance/basic-insurance", status="not_applicable")  # insured at home (A1)

    rows = {row["email"]: row for row in week(client_factory(org_a["hr"]))}
    assert set(rows) == {"cohort1@example.test", "cohort2@example.test", "cohort3@example.test"}
    state = {
        email: (row["invitation"], row["registered"], row["insured"], row["housed"])
        for email, row in rows.items()
    }
    # Arrived Monday 2 November, seen on Friday 6: temporary housing was due two weeks before
    # arrival (late); the BRP registration is due on Saturday and insurance within four months.
    assert state == {
        "cohort1@example.test": ("invited", "open", "open", "late"),
        "cohort2@example.test": ("accepted", "done", "done", "done"),
        "cohort3@example.test": ("expired", "done", "not_applicable", "open"),
    }
    assert rows["cohort1@example.test"]["route"] is None
    assert rows["cohort1@example.test"]["name"] == "Person 001"
    assert rows["cohort1@example.test"]["team"] == "Platform"
    assert waiting.pk == rows["cohort1@example.test"]["id"]


def test_the_week_before_and_a_bad_week(client_factory, org_a, content):
    arrive(org_a, 5, day=MONDAY - timedelta(days=1))
    hr = client_factory(org_a["hr"])
    assert [row["email"] for row in week(hr, "2026-W44")] == ["cohort5@example.test"]
    response = hr.get("/api/arrivals/cohort", {"week": "2026-45"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"week": ["Use an ISO week such as 2026-W05."]}


def test_only_the_organisations_own_newcomers(client_factory, org_a, org_b, content):
    arrive(org_a, 1)
    assert week(client_factory(org_b["hr"])) == []
    assert client_factory(org_a["team_lead"]).get("/api/arrivals/cohort").status_code == 403


@pytest.mark.parametrize("size", [5, 50])
def test_a_fixed_number_of_queries_whatever_the_cohort_size(client_factory, org_a, content, size):
    """5 or 50 newcomers: the same queries (session, user, count, page, audit)."""
    for number in range(size):
        arrive(org_a, number)
    hr = client_factory(org_a["hr"])
    week(hr)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as queries:
        rows = week(hr)
    assert len(rows) == size
    assert len(queries) == QUERIES


QUERIES = 5
