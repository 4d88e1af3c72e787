"""Who reaches what: HR plans, newcomers see their own plan, leads and buddies their people only."""

from datetime import UTC, datetime

import pytest

from tests.factories import UserFactory
from tests.journeys.conftest import make_profile
from welkom.journeys import dispatch, services
from welkom.journeys.models import PlanStep

pytestmark = pytest.mark.django_db
LATE = datetime(2027, 1, 4, 10, tzinfo=UTC)


@pytest.fixture
def plan(profile_a, small_template, org_a):
    return services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])


def test_hr_assigns_a_template_and_sees_the_timeline(client_factory, org_a, profile_a, default_template):
    hr = client_factory(org_a["hr"])
    response = hr.post(
        "/api/journeys/plans", {"profile": profile_a.pk, "template": "ict-kennismigrant"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [s["key"] for s in body["stages"]][:2] == ["before-arrival", "arrival-week"]
    step = body["stages"][0]["steps"][0]
    assert step["owner_person"]["id"] == org_a["hr"].pk
    again = hr.post(
        "/api/journeys/plans", {"profile": profile_a.pk, "template": "ict-kennismigrant"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["fields"] == {"profile": ["Already has a plan."]}


def test_bad_input_names_the_field(client_factory, org_a, profile_a, default_template):
    hr = client_factory(org_a["hr"])
    response = hr.post("/api/journeys/plans", {"profile": profile_a.pk, "template": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"template": ["No such template."]}


def test_newcomer_list_with_progress_filtered_by_team_and_stage(
    client_factory, org_a, plan, django_assert_max_num_queries
):
    dispatch.dispatch_tick(now=LATE)
    hr = client_factory(org_a["hr"])
    for index in range(3):
        user = UserFactory(organisation=org_a.organisation, role="newcomer", email=f"x{index}@alpha.test")
        make_profile(org_a, user=user)
    with django_assert_max_num_queries(8):
        response = hr.get("/api/journeys/newcomers")
    rows = {row["id"]: row for row in response.json()["results"]}
    row = rows[plan.profile_id]
    assert row["steps_total"] == 4
    assert row["steps_overdue"] == 3
    assert hr.get(f"/api/journeys/newcomers?team={org_a.team.pk}&stage=first-day").json()["count"] >= 0
    assert hr.get("/api/journeys/newcomers?team=x").status_code == 400


def test_newcomer_sees_today_and_marks_their_step_done(client_factory, org_a, plan):
    dispatch.dispatch_tick(now=LATE)
    newcomer = client_factory(org_a["newcomer"])
    today = newcomer.get("/api/journeys/today").json()
    assert today["plan"] == plan.pk
    read = next(s for s in today["now"] if s["key"] == "read")
    assert newcomer.post(f"/api/journeys/steps/{read['id']}/done").json()["state"] == "done"
    laptop = PlanStep.objects.get(plan=plan, key="laptop")  # HR's step
    assert newcomer.post(f"/api/journeys/steps/{laptop.pk}/done").status_code == 403
    inbox = newcomer.get("/api/notifications").json()
    assert inbox["count"] == 0  # the step was the only notification; done, it left the inbox


def test_each_step_says_whether_the_reader_may_mark_it_done(client_factory, org_a, plan):
    """Steps others do (a meeting with the team lead) are shown to the newcomer as information, with
    no Done button that the server would refuse; HR may mark any step."""
    dispatch.dispatch_tick(now=LATE)
    today = client_factory(org_a["newcomer"]).get("/api/journeys/today").json()
    mine = {step["key"]: step["can_mark_done"] for step in today["now"] + today["next"]}
    assert mine["read"] is True
    assert mine["welcome"] is False  # the team lead's meeting
    lead = client_factory(org_a["team_lead"]).get("/api/journeys/my-steps").json()
    assert [s["can_mark_done"] for s in lead["results"]] == [True]
    timeline = client_factory(org_a["hr"]).get(f"/api/journeys/plans/{plan.pk}").json()
    assert all(step["can_mark_done"] for stage in timeline["stages"] for step in stage["steps"])
    as_newcomer = client_factory(org_a["newcomer"]).get(f"/api/journeys/plans/{plan.pk}").json()
    steps = {step["key"]: step["can_mark_done"] for stage in as_newcomer["stages"] for step in stage["steps"]}
    assert steps == {"read": True, "laptop": False, "welcome": False, "coffee": False}


def test_team_lead_and_buddy_see_the_steps_they_own_for_their_people(client_factory, org_a, org_b, plan):
    lead = client_factory(org_a["team_lead"]).get("/api/journeys/my-steps").json()
    assert [s["key"] for s in lead["results"]] == ["welcome"]
    buddy = client_factory(org_a["colleague"]).get("/api/journeys/my-steps").json()
    assert [s["key"] for s in buddy["results"]] == ["coffee"]
    other = client_factory(org_b["team_lead"]).get("/api/journeys/my-steps").json()
    assert other["count"] == 0


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("get", "/api/journeys/templates", {"hr", "admin"}),
        ("get", "/api/journeys/newcomers", {"hr", "admin"}),
        ("get", "/api/journeys/plans/{plan}/history", {"hr", "admin"}),
        ("post", "/api/journeys/steps/{step}/skip", {"hr", "admin"}),
        ("get", "/api/journeys/today", {"newcomer"}),
        ("get", "/api/journeys/my-steps", {"team_lead", "colleague", "hr", "admin"}),
    ],
)
def test_roles_that_must_not_reach_an_endpoint_get_403(client_factory, org_a, plan, method, url, allowed):
    step = PlanStep.objects.filter(plan=plan).first()
    for role in {"newcomer", "hr", "team_lead", "colleague", "admin"} - allowed:
        response = getattr(client_factory(org_a[role]), method)(url.format(plan=plan.pk, step=step.pk))
        assert response.status_code == 403, (role, url)


def test_another_organisation_gets_404_everywhere(client_factory, org_b, plan):
    step = PlanStep.objects.filter(plan=plan).first()
    hr_b = client_factory(org_b["hr"])
    assert hr_b.get(f"/api/journeys/plans/{plan.pk}").status_code == 404
    assert hr_b.get(f"/api/journeys/plans/{plan.pk}/history").status_code == 404
    assert hr_b.post(f"/api/journeys/steps/{step.pk}/skip").status_code == 404
    assert (
        hr_b.patch(
            f"/api/journeys/steps/{step.pk}", {"due_at": "2027-01-01T10:00:00Z"}, format="json"
        ).status_code
        == 404
    )
    assert hr_b.delete(f"/api/journeys/steps/{step.pk}").status_code == 404
    assert hr_b.post(f"/api/journeys/plans/{plan.pk}/steps", {}, format="json").status_code == 404
    assert (
        hr_b.post(
            "/api/journeys/plans", {"profile": plan.profile_id, "template": "small"}, format="json"
        ).status_code
        == 400
    )
    assert client_factory(org_b["newcomer"]).post(f"/api/journeys/steps/{step.pk}/done").status_code == 404


def test_a_newcomer_cannot_read_another_newcomers_plan(client_factory, org_a, plan):
    other = UserFactory(organisation=org_a.organisation, role="newcomer", email="other@alpha.test")
    assert client_factory(other).get(f"/api/journeys/plans/{plan.pk}").status_code == 404
    assert client_factory(org_a["newcomer"]).get(f"/api/journeys/plans/{plan.pk}").status_code == 200


def test_hr_edits_one_plan(client_factory, org_a, plan):
    hr = client_factory(org_a["hr"])
    added = hr.post(
        f"/api/journeys/plans/{plan.pk}/steps",
        {"stage": "first-day", "kind": "task", "owner": "hr", "title": "Flowers"},
        format="json",
    )
    assert added.status_code == 201, added.content
    step_id = added.json()["id"]
    moved = hr.patch(f"/api/journeys/steps/{step_id}", {"due_at": "2026-11-20T10:00:00Z"}, format="json")
    assert moved.json()["pinned"] is True
    assert hr.post(f"/api/journeys/steps/{step_id}/skip").json()["state"] == "skipped"
    assert hr.delete(f"/api/journeys/steps/{step_id}").status_code == 204
    kinds = [e["kind"] for e in hr.get(f"/api/journeys/plans/{plan.pk}/history").json()["results"]]
    assert kinds[:4] == ["step_removed", "step_skipped", "step_moved", "step_added"]
    bad = hr.post(
        f"/api/journeys/plans/{plan.pk}/steps", {"stage": "first-day", "kind": "party"}, format="json"
    )
    assert set(bad.json()["fields"]) >= {"kind", "owner", "title"}


def test_a_plan_shows_its_templates_texts_as_they_are_now(client_factory, org_a, plan, small_template):
    """A template's texts are kept per web process (selectors.plan_texts): a step saved in this
    process, and an edit elsewhere that gives the template a new updated_at (the admin, a content
    sync), are both read on the next answer."""
    from welkom.journeys.models import TemplateStep

    newcomer = org_a["newcomer"]
    newcomer.language = "pl"
    newcomer.save(update_fields=["language"])
    client = client_factory(newcomer)

    def title() -> str:
        stages = client.get(f"/api/journeys/plans/{plan.pk}").json()["stages"]
        return next(step["title"] for stage in stages for step in stage["steps"] if step["key"] == "read")

    assert title() == "Read the module"  # no Polish yet: English
    step = TemplateStep.objects.get(stage__template=small_template, key="read")
    step.title = {**step.title, "pl": "Przeczytaj moduł"}
    step.save()
    assert title() == "Przeczytaj moduł"
    # Another process's edit: no signal reaches this one, the template's updated_at does.
    TemplateStep.objects.filter(pk=step.pk).update(title={**step.title, "pl": "Przeczytaj ten moduł"})
    services.template_touch(small_template)
    assert title() == "Przeczytaj ten moduł"
