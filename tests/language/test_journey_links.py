"""Language plans talk to the rest of Welkom: lesson reminders go through the notification
channels once per session, and a level reached marks the matching journey step done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.journeys.factories import TemplateStepFactory
from welkom.journeys import services as journey_services
from welkom.journeys.models import PlanStep
from welkom.language.models import LanguagePlan, StudySession
from welkom.language.reminders import lesson_reminders_send
from welkom.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(client_factory, org_a, plan_input):
    response = client_factory(org_a["hr"]).post("/api/language/plans", plan_input, format="json")
    assert response.status_code == 201, response.content
    return LanguagePlan.objects.get(pk=response.json()["id"])


def test_each_session_is_reminded_once_within_the_hour_before(plan):
    session = plan.sessions.order_by("starts_at").first()
    before = session.starts_at - timedelta(minutes=50)
    assert lesson_reminders_send(now=session.starts_at - timedelta(hours=2)) == 0
    assert lesson_reminders_send(now=before) >= 1
    lesson_reminders_send(now=before + timedelta(minutes=5))  # the next tick sees it again
    reminders = Notification.objects.filter(dedupe_key=f"language-session:{session.pk}")
    assert reminders.count() == 1
    assert reminders.get().recipient == plan.profile.user
    assert reminders.get().deliveries.count() >= 2  # in-app plus e-mail (and push when subscribed)


def test_a_missed_session_is_not_reminded(plan):
    session = plan.sessions.order_by("starts_at").first()
    StudySession.objects.filter(pk=session.pk).update(status="missed")
    lesson_reminders_send(now=session.starts_at - timedelta(minutes=30))
    assert not Notification.objects.filter(dedupe_key=f"language-session:{session.pk}").exists()


def test_a_level_reached_marks_the_journey_step_done(client_factory, org_a, plan):
    step = TemplateStepFactory(
        stage__offset_days=60, key="a1", kind="language", ref="A1", title={"en": "Reach A1"}
    )
    template = step.stage.template
    plan.profile.arrival_on = timezone.localdate()
    plan.profile.first_day_on = timezone.localdate()
    plan.profile.save()
    journey = journey_services.plan_create(profile=plan.profile, template=template, created_by=org_a["hr"])
    step = PlanStep.objects.get(plan=journey, key="a1")
    assert step.state != "done"
    response = client_factory(org_a["hr"]).post(
        f"/api/language/plans/{plan.pk}/level-checks",
        {"level": "A1", "checked_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    step.refresh_from_db()
    assert step.state == "done"
