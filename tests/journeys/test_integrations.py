"""Events of other apps move the journey on: finishing a module marks its step done."""

import pytest
from django.conf import settings

from welkom.content.services import content_sync
from welkom.journeys import services as journey_services
from welkom.journeys.models import PlanStep
from welkom.modules.models import Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(org_a, profile_a, small_template):
    content_sync(root=settings.CONTENT_DIR, kinds=["modules"])
    return journey_services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])


def _finish_module(client, slug: str) -> None:
    module = Module.objects.get(slug=slug)
    for question in module.quiz:
        right = question["correct"]
        response = client.post(
            f"/api/modules/{slug}/quiz/{question['key']}", {"choices": right}, format="json"
        )
        assert response.status_code == 200, response.content
    assert client.post(f"/api/modules/{slug}/complete").status_code == 200


def test_finishing_a_module_marks_its_journey_step_done(client_factory, org_a, planned):
    step = PlanStep.objects.get(plan=planned, kind="module", ref="direct-feedback")
    assert step.state != "done"
    _finish_module(client_factory(org_a["newcomer"]), "direct-feedback")
    step.refresh_from_db()
    assert step.state == "done"
    assert step.done_by_id == org_a["newcomer"].pk


def test_finishing_another_module_leaves_the_step_open(client_factory, org_a, planned):
    _finish_module(client_factory(org_a["newcomer"]), "flat-hierarchy")
    assert PlanStep.objects.get(plan=planned, kind="module", ref="direct-feedback").state != "done"


def test_a_colleague_finishing_a_module_touches_no_plan(client_factory, org_a, planned):
    _finish_module(client_factory(org_a["colleague"]), "english-and-dutch")
    assert not PlanStep.objects.filter(plan=planned, state="done").exists()
