"""Checklists move the journey on: a finished checklist marks its step done, and overdue items
are reminded once to the newcomer and later to HR through the shared notification channels."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tests.checklists.conftest import make_profile
from tests.journeys.factories import TemplateStepFactory
from welkom.checklists.models import ChecklistItem
from welkom.journeys import services as journey_services
from welkom.journeys.integrations import checklist_overdue_remind
from welkom.journeys.models import PlanStep
from welkom.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(org_a, templates):
    return make_profile(org_a, has_partner=False, stays_longer_than_4_months=True)


def test_finishing_a_checklist_marks_its_journey_step_done(client_factory, org_a, profile):
    step = TemplateStepFactory(
        key="insure", kind="checklist", ref="health-insurance", title={"en": "Arrange health insurance"}
    )
    template = step.stage.template
    plan = journey_services.plan_create(profile=profile, template=template, created_by=org_a["hr"])
    step = PlanStep.objects.get(plan=plan, key="insure")
    items = list(
        ChecklistItem.objects.filter(
            checklist__profile=profile, checklist__template__slug="health-insurance", retired_at__isnull=True
        ).order_by("id")
    )
    assert items
    client = client_factory(org_a["newcomer"])
    for index, item in enumerate(items):
        for status in ("in_progress", "done"):
            response = client.patch(f"/api/checklist-items/{item.pk}", {"status": status}, format="json")
            if response.status_code == 400 and response.json()["code"] == "blocked":
                continue
            assert response.status_code == 200, response.content
        step.refresh_from_db()
        assert (step.state == "done") is (index == len(items) - 1), (index, step.state)


def test_overdue_items_remind_the_newcomer_once_and_then_hr(org_a, profile):
    item = (
        ChecklistItem.objects.filter(checklist__profile=profile, retired_at__isnull=True)
        .exclude(due_on=None)
        .first()
    )
    now = timezone.make_aware(timezone.datetime.combine(item.due_on + timedelta(days=2), time(12)))
    assert checklist_overdue_remind(now=now)[0] >= 1
    checklist_overdue_remind(now=now + timedelta(hours=1))
    assert (
        Notification.objects.filter(
            recipient=org_a["newcomer"], dedupe_key__startswith=f"checklist-overdue:{item.pk}:"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(
        recipient=org_a["hr"], dedupe_key__startswith=f"checklist-overdue-hr:{item.pk}:"
    ).exists()
    checklist_overdue_remind(now=now + timedelta(days=10))
    assert (
        Notification.objects.filter(
            recipient=org_a["hr"], dedupe_key__startswith=f"checklist-overdue-hr:{item.pk}:"
        ).count()
        == 1
    )
