"""A plan's timeline shows each reader what docs/privacy.md promises: the newcomer, HR and admins
the whole plan; a team lead or buddy only the steps they own (not HR's, not each other's)."""

from __future__ import annotations

import pytest

from welkom.journeys import services
from welkom.journeys.models import PlanStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(profile_a, small_template, org_a):
    return services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])


def _keys(body) -> list[str]:  # type: ignore[no-untyped-def]
    return [step["key"] for stage in body["stages"] for step in stage["steps"]]


@pytest.mark.parametrize("role", ["newcomer", "hr", "admin"])
def test_the_newcomer_and_hr_see_every_step(client_factory, org_a, plan, role):
    response = client_factory(org_a[role]).get(f"/api/journeys/plans/{plan.pk}")
    assert response.status_code == 200
    assert sorted(_keys(response.json())) == ["coffee", "laptop", "read", "welcome"]


def test_the_team_lead_sees_only_their_own_steps(client_factory, org_a, plan):
    response = client_factory(org_a["team_lead"]).get(f"/api/journeys/plans/{plan.pk}")
    assert response.status_code == 200
    assert _keys(response.json()) == ["welcome"]
    assert "Order the laptop" not in response.content.decode()


def test_the_buddy_sees_only_their_own_steps(client_factory, org_a, plan):
    response = client_factory(org_a["colleague"]).get(f"/api/journeys/plans/{plan.pk}")
    assert response.status_code == 200
    assert _keys(response.json()) == ["coffee"]


def test_a_lead_cannot_reach_a_step_they_do_not_own(client_factory, org_a, plan):
    laptop = PlanStep.objects.get(plan=plan, key="laptop")
    response = client_factory(org_a["team_lead"]).post(f"/api/journeys/steps/{laptop.pk}/done")
    assert response.status_code == 404
    laptop.refresh_from_db()
    assert laptop.state != "done"
