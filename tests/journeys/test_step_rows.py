"""The journey answers are built as plain dicts (serializers.step_row, stage_row, plan_row) rather
than by DRF's walk over the serializers' fields, which cost a third of a plan's timeline. The fields
stay declared (they make the API schema); these tests hold the plain rows to what those fields give:
the same keys in the same order and the same JSON, byte for byte, for every reader and kind of step
(late, done, skipped, waiting, a team step with one part done), in English and Dutch, in UTC and
another current time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.factories import TeamMembershipFactory, UserFactory
from tests.journeys.conftest import make_profile
from welkom.content.services import content_sync
from welkom.journeys import dispatch, selectors, services
from welkom.journeys.models import JourneyTemplate, Owner, PlanStep, StepState
from welkom.journeys.serializers import PlanSerializer, StageSerializer, StepSerializer

pytestmark = pytest.mark.django_db

ARRIVAL = date(2026, 11, 2)
# Steps before arrival sent on the 1st; a week later the first of them are overdue.
SENT_AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
READ_AT = datetime(2026, 11, 9, 12, tzinfo=UTC)


def _context(user: Any, plan: Any = None) -> dict[str, Any]:
    request = RequestFactory().get("/")
    request.user = user
    context = {"request": request, "now": READ_AT}  # the moment that decides what is late
    return {**context, "plan": plan} if plan is not None else context


def _fields_walk(serializer: serializers.ModelSerializer[Any], instance: Any) -> dict[str, Any]:
    """What DRF's ModelSerializer gives for ``instance``, field by field."""
    return dict(serializers.ModelSerializer.to_representation(serializer, instance))


def _same(plain: dict[str, Any], walked: dict[str, Any]) -> None:
    assert list(plain) == list(walked)
    assert JSONRenderer().render(plain) == JSONRenderer().render(walked)


@pytest.fixture
def plan(org_a):
    """An eu-worker plan (it has a team step) in a team with one more member, with steps sent, one
    done, one skipped, the team step's part done by that member."""
    content_sync()
    mate = UserFactory(organisation=org_a.organisation, role="colleague", email="mate@alpha.test")
    TeamMembershipFactory(team=org_a.team, user=mate)
    profile = make_profile(org_a, arrival=ARRIVAL, first_day=date(2026, 11, 9))
    template = JourneyTemplate.objects.get(slug="eu-worker")
    plan = services.plan_create(profile=profile, template=template, created_by=org_a["hr"])
    dispatch.dispatch_tick(now=SENT_AT)
    sent = list(plan.steps.filter(state=StepState.SENT).exclude(owner=Owner.TEAM).order_by("due_at", "id"))
    assert len(sent) >= 3
    services.step_mark_done(step=sent[0], by=org_a["hr"], taken_at=SENT_AT)
    services.step_skip(step=sent[1], actor=org_a["hr"])
    team_step = plan.steps.get(owner=Owner.TEAM)
    services.team_part_mark_done(step=team_step, by=mate, taken_at=SENT_AT)
    org_a.people["mate"] = mate
    return plan


@pytest.mark.parametrize("reader", ["newcomer", "hr", "team_lead"])
@pytest.mark.parametrize(("language", "zone"), [("en", "UTC"), ("nl", "Europe/Amsterdam")])
def test_the_timeline_is_what_its_fields_give(plan, org_a, reader, language, zone):
    user = org_a[reader]
    with translation.override(language), timezone.override(zone):
        user.language = language
        timeline = selectors.plan_for_timeline(plan.pk, user)
        assert timeline is not None
        steps = [step for stage in timeline.stages.all() for step in stage.steps.all()]
        assert steps, "the reader sees steps"
        kinds = {(step.state, step.owner == Owner.TEAM, step.waiting) for step in steps}
        if reader != "team_lead":
            assert len(kinds) >= 4  # done, skipped, sent (some late), planned; a team step
            late = [s for s in steps if selectors.step_is_late(s, READ_AT)]
            assert late, "some step is late"
        _same(
            PlanSerializer(timeline, context=_context(user)).data,
            _fields_walk(PlanSerializer(context=_context(user)), timeline),
        )
        for stage in timeline.stages.all():
            _same(
                StageSerializer(stage, context=_context(user, timeline)).data,
                _fields_walk(StageSerializer(context=_context(user, timeline)), stage),
            )
        for step in steps:
            _same(
                StepSerializer(step, context=_context(user, timeline)).data,
                _fields_walk(StepSerializer(context=_context(user, timeline)), step),
            )


@pytest.mark.parametrize("reader", ["newcomer", "mate", "hr"])
def test_a_step_read_alone_is_what_its_fields_give(plan, org_a, reader):
    """A step read without its plan in the context (my-steps, a step marked done): the team step
    as its team member, the newcomer and HR see it."""
    user = org_a[reader]
    for step in selectors.steps_visible_to(user).select_related(*selectors.STEP_RELATED):
        _same(
            StepSerializer(step, context=_context(user)).data,
            _fields_walk(StepSerializer(context=_context(user)), step),
        )
    team_step = PlanStep.objects.get(plan=plan, owner=Owner.TEAM)
    row = StepSerializer(team_step, context=_context(user)).data
    assert row["team_parts"] == {"done": 1, "total": 3}  # the mate's part; the lead's and buddy's open
    assert row["can_mark_done"] is (reader == "hr")
