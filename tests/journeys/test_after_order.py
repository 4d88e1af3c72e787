"""A step's ``after`` (the steps it waits for) is in the steps' order: due moment, position, id.
selectors.with_after reads the links as ids and, when the caller has read every step waited for (and
each has a due moment), orders them in Python instead of joining the steps; these tests hold both
ways to the database's own order, with due moments, positions and ids that disagree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from welkom.journeys import selectors, services
from welkom.journeys.models import PlanStep

pytestmark = pytest.mark.django_db

THEN = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _database_order(step: PlanStep) -> list[int]:
    """The ids ``step`` waits for as the database orders them."""
    links = PlanStep.depends_on.through.objects.filter(from_planstep=step)
    order = ("to_planstep__due_at", "to_planstep__position", "to_planstep__id")
    return list(links.order_by(*order).values_list("to_planstep_id", flat=True))


@pytest.fixture
def waiting(profile_a, small_template, org_a):
    """A step that waits for four others: two at the same moment (the later id first by position),
    one earlier than both though made last, one later."""
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    others = [
        services.step_add(
            plan=plan, actor=org_a["hr"], stage="first-day", kind="task", owner="hr", title=title
        )
        for title in ("One", "Two", "Three", "Four")
    ]
    moments = {
        0: (THEN, 5),
        1: (THEN, 2),
        2: (datetime(2026, 11, 3, tzinfo=UTC), 9),
        3: (THEN.replace(day=25), 0),
    }
    for index, (due_at, position) in moments.items():
        PlanStep.objects.filter(pk=others[index].pk).update(due_at=due_at, position=position)
    step = services.step_add(
        plan=plan,
        actor=org_a["hr"],
        stage="first-day",
        kind="meeting",  # shown on the newcomer's today too
        owner="hr",
        title="Last",
        after=[other.pk for other in others],
    )
    return plan, step, others


def test_after_in_the_steps_order_whether_ordered_here_or_by_the_database(waiting):
    plan, step, others = waiting
    expected = _database_order(step)
    assert expected == [
        others[2].pk,
        others[1].pk,
        others[0].pk,
        others[3].pk,
    ]  # the order disagrees with ids
    every = list(PlanStep.objects.filter(plan=plan))
    ordered_here = selectors.with_after([PlanStep.objects.get(pk=step.pk)], known=every)[0]
    by_database = selectors.with_after([PlanStep.objects.get(pk=step.pk)])[0]
    assert ordered_here.after_ids == expected  # type: ignore[attr-defined]
    assert by_database.after_ids == expected  # type: ignore[attr-defined]


def test_a_step_waited_for_without_a_due_moment_leaves_the_order_to_the_database(waiting):
    plan, step, others = waiting
    PlanStep.objects.filter(pk=others[1].pk).update(due_at=None)
    every = list(PlanStep.objects.filter(plan=plan))
    assert selectors.with_after([PlanStep.objects.get(pk=step.pk)], known=every)[
        0
    ].after_ids == _database_order(step)  # type: ignore[attr-defined]


def test_the_timeline_and_today_show_after_in_that_order(waiting, client_factory, org_a):
    plan, step, _others = waiting
    answer = client_factory(org_a["hr"]).get(f"/api/journeys/plans/{plan.pk}").json()
    shown = {row["id"]: row for stage in answer["stages"] for row in stage["steps"]}
    assert shown[step.pk]["after"] == _database_order(step)
    timeline = selectors.plan_for_timeline(plan.pk, org_a["newcomer"])
    assert timeline is not None
    stages: list[Any] = timeline.timeline_stages  # type: ignore[attr-defined]
    steps = {row.pk: row for stage in stages for row in stage.shown_steps}
    assert steps[step.pk].after_ids == _database_order(step)
    today = selectors.today_in(selectors.own_plan(org_a["newcomer"]), now=THEN.replace(day=26))
    assert [row.after_ids for row in today.now if row.pk == step.pk] == [_database_order(step)]  # type: ignore[attr-defined]
