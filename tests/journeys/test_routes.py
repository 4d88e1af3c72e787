"""The journeys per route (issue 18): each shipped template syncs, fits a profile, and becomes a plan
whose colleague steps come before the newcomer arrives; HR gets the fitting one suggested."""

from datetime import UTC, date, datetime

import pytest

from tests.journeys.conftest import make_profile
from welkom.content.services import content_sync
from welkom.journeys import selectors, services
from welkom.journeys.models import JourneyTemplate, Owner, TemplateStep
from welkom.newcomers import services as newcomer_services

pytestmark = pytest.mark.django_db

ARRIVAL = date(2026, 11, 2)
ROUTES = {
    # slug: the profile facts that make it the fitting journey
    "ict-kennismigrant": {"permit_type": "kennismigrant"},
    "eu-worker": {"permit_type": "eu_citizen"},
    "short-stay": {"permit_type": "eu_citizen", "stays_longer_than_4_months": False},
    "agency-worker": {"permit_type": "eu_citizen", "employment": "agency", "housing_by_employer": True},
}
COLLEAGUE_MODULES = {"working-across-cultures", "clear-language", "being-a-buddy"}


@pytest.fixture
def synced(db):
    return content_sync()


def _profile(org, **facts):
    profile = make_profile(org, arrival=ARRIVAL, first_day=date(2026, 11, 9))
    return newcomer_services.profile_update(profile=profile, changed_by=org["hr"], **facts)


@pytest.mark.parametrize(("slug", "facts"), list(ROUTES.items()))
def test_each_route_is_suggested_for_its_profile_and_becomes_a_plan(synced, org_a, slug, facts):
    assert synced.counts["journeys"]["added"] == len(ROUTES)
    profile = _profile(org_a, **facts)
    assert selectors.template_suggested_for(profile) == slug
    template = JourneyTemplate.objects.get(slug=slug)
    plan = services.plan_create(profile=profile, template=template, created_by=org_a["hr"])
    steps = list(plan.steps.all())
    assert len(steps) >= 15
    assert all(step.due_at is not None for step in steps)
    # The buddy and the whole team (and, but for a short stay, the lead) get their part before the
    # newcomer arrives.
    before = [s for s in steps if s.due_at.date() < ARRIVAL]
    owners = {s.owner for s in before if s.kind == "module" and s.ref in COLLEAGUE_MODULES}
    assert {Owner.BUDDY, Owner.TEAM} | ({Owner.TEAM_LEAD} if slug != "short-stay" else set()) <= owners
    expected = COLLEAGUE_MODULES - ({"working-across-cultures"} if slug == "short-stay" else set())
    assert {s.ref for s in before if s.kind == "module"} >= expected


def test_the_new_routes_bring_the_work_floor_modules(synced):
    refs = set(
        TemplateStep.objects.filter(stage__template__slug="eu-worker", kind="module").values_list(
            "ref", flat=True
        )
    )
    assert refs >= {
        "pay-and-payslip",
        "working-hours",
        "calling-in-sick",
        "health-care",
        "getting-help",
        "getting-around",
        "housing-with-the-job",
        "staying-longer",
    }
    agency = set(
        TemplateStep.objects.filter(stage__template__slug="agency-worker", kind="module").values_list(
            "ref", flat=True
        )
    )
    assert "agency-work" in agency


def test_posted_workers_get_the_short_stay_journey(synced, org_a):
    profile = _profile(org_a, permit_type="eu_citizen", employment="posted")
    assert selectors.template_suggested_for(profile) == "short-stay"


def test_no_suggestion_when_the_fitting_template_is_archived(synced, org_a):
    JourneyTemplate.objects.filter(slug="agency-worker").update(archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    profile = _profile(org_a, employment="agency")
    assert selectors.template_suggested_for(profile) is None


def test_hr_sees_the_fitting_journey_marked(synced, client_factory, org_a):
    profile = _profile(org_a, permit_type="eu_citizen")
    response = client_factory(org_a["hr"]).get(f"/api/journeys/templates?profile={profile.pk}")
    assert response.status_code == 200
    marked = [t["slug"] for t in response.json()["results"] if t["suggested"]]
    assert marked == ["eu-worker"]
    plain = client_factory(org_a["hr"]).get("/api/journeys/templates").json()["results"]
    assert not any(t["suggested"] for t in plain)


def test_another_organisations_profile_is_not_there(synced, client_factory, org_a, org_b):
    profile = _profile(org_b)
    response = client_factory(org_a["hr"]).get(f"/api/journeys/templates?profile={profile.pk}")
    assert response.status_code == 400
    assert response.json()["fields"] == {"profile": ["Does not exist."]}
    bad = client_factory(org_a["hr"]).get("/api/journeys/templates?profile=abc")
    assert bad.status_code == 400


@pytest.mark.parametrize("role", ["newcomer", "team_lead", "colleague"])
def test_other_roles_cannot_list_templates(synced, client_factory, org_a, role):
    profile = _profile(org_a)
    response = client_factory(org_a[role]).get(f"/api/journeys/templates?profile={profile.pk}")
    assert response.status_code == 403
