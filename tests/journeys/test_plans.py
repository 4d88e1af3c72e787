"""Plans copied from templates: due moments, dependencies, date changes, HR edits, done by ref."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.journeys.conftest import make_profile
from welkom.core.errors import ApiError
from welkom.journeys import dispatch, services
from welkom.journeys.models import PlanEvent, PlanStep, StepState
from welkom.newcomers import services as newcomer_services

pytestmark = pytest.mark.django_db


def _steps(plan):
    return {step.key: step for step in PlanStep.objects.filter(plan=plan)}


def test_plan_copies_the_template_with_concrete_due_moments(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    steps = _steps(plan)
    # Arrival Monday 2 Nov 2026, stage starts 3 days before: Friday 30 Oct, 09:00 in Amsterdam (CET).
    assert steps["read"].due_at == datetime(2026, 10, 30, 8, 0, tzinfo=UTC)
    # One working day after Friday: Monday 2 Nov, 10:00.
    assert steps["laptop"].due_at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert steps["welcome"].waiting
    assert list(steps["welcome"].depends_on.all()) == [steps["laptop"]]
    assert PlanEvent.objects.filter(plan=plan, kind="created").exists()


def test_a_newcomer_has_one_plan(profile_a, small_template, org_a):
    services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    with pytest.raises(ApiError) as error:
        services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    assert error.value.fields == {"profile": ["Already has a plan."]}


def test_later_template_edits_do_not_change_a_running_plan(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    stage = small_template.stages.get(key="before")
    stage.steps.filter(key="read").update(offset=10, title={"en": "Changed"})
    stage.steps.filter(key="laptop").delete()
    steps = _steps(plan)
    assert steps["read"].title == {"en": "Read the module", "nl": "Lees de module"}
    assert "laptop" in steps


def test_date_change_moves_unsent_steps_only_and_is_in_the_history(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    read = PlanStep.objects.get(plan=plan, key="read")
    PlanStep.objects.filter(pk=read.pk).update(state=StepState.SENT, sent_at=timezone.now())
    old_laptop = PlanStep.objects.get(plan=plan, key="laptop").due_at

    newcomer_services.profile_update(
        profile=profile_a,
        changed_by=org_a["hr"],
        arrival_on=date(2026, 11, 9),
        first_day_on=date(2026, 11, 16),
    )

    steps = _steps(plan)
    assert steps["read"].due_at == read.due_at  # already sent: left alone
    assert steps["laptop"].due_at == old_laptop + timedelta(days=7)
    event = PlanEvent.objects.get(plan=plan, kind="dates_changed")
    assert event.actor == org_a["hr"]
    assert event.detail["profile"]["arrival_on"] == ["2026-11-02", "2026-11-09"]
    assert set(event.detail["steps"]) == {"laptop", "welcome", "coffee"}


def test_a_step_moved_by_hand_stays_put_when_dates_change(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    moment = datetime(2026, 11, 20, 10, tzinfo=UTC)
    services.step_move(step=PlanStep.objects.get(plan=plan, key="coffee"), actor=org_a["hr"], due_at=moment)
    newcomer_services.profile_update(
        profile=profile_a, changed_by=org_a["hr"], first_day_on=date(2026, 11, 12)
    )
    assert PlanStep.objects.get(plan=plan, key="coffee").due_at == moment


def test_time_zone_change_recomputes_local_times(org_a, small_template):
    profile = make_profile(org_a, tz="Asia/Kolkata")
    plan = services.plan_create(profile=profile, template=small_template, created_by=org_a["hr"])
    assert _steps(plan)["read"].due_at == datetime(2026, 10, 30, 3, 30, tzinfo=UTC)  # 09:00 IST
    newcomer_services.profile_update(profile=profile, changed_by=org_a["hr"], time_zone="Europe/Amsterdam")
    assert _steps(plan)["read"].due_at == datetime(2026, 10, 30, 8, 0, tzinfo=UTC)


def test_steps_from_the_arrival_day_on_are_set_by_amsterdam_time_not_the_home_zone(org_a, small_template):
    # Home zone Kolkata, arrival Monday 2 Nov 2026, first working day Monday 9 Nov.
    profile = make_profile(org_a, tz="Asia/Kolkata")
    plan = services.plan_create(profile=profile, template=small_template, created_by=org_a["hr"])
    steps = _steps(plan)
    assert steps["read"].due_at == datetime(2026, 10, 30, 3, 30, tzinfo=UTC)  # before arrival: 09:00 IST
    assert steps["laptop"].due_at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # arrival day: 10:00 CET
    assert steps["welcome"].due_at == datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # first day: 09:00 CET
    assert steps["coffee"].due_at == datetime(2026, 11, 11, 14, 0, tzinfo=UTC)  # 15:00 CET

    # A new home zone moves only what is before arrival.
    newcomer_services.profile_update(profile=profile, changed_by=org_a["hr"], time_zone="America/Sao_Paulo")
    steps = _steps(plan)
    assert steps["read"].due_at == datetime(2026, 10, 30, 12, 0, tzinfo=UTC)  # 09:00 in São Paulo (UTC-3)
    assert steps["welcome"].due_at == datetime(2026, 11, 9, 8, 0, tzinfo=UTC)


def test_dependency_chain_waits_until_the_earlier_step_is_done(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    late = datetime(2027, 1, 1, tzinfo=UTC)
    dispatch.dispatch_tick(now=late)
    steps = _steps(plan)
    assert steps["laptop"].state == StepState.SENT
    assert steps["welcome"].state == StepState.PLANNED  # waits for the laptop
    services.step_mark_done(step=steps["laptop"], by=org_a["hr"])
    dispatch.dispatch_tick(now=late)
    assert _steps(plan)["welcome"].state == StepState.SENT


def test_skipping_a_step_releases_the_steps_waiting_on_it(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    services.step_skip(step=PlanStep.objects.get(plan=plan, key="laptop"), actor=org_a["hr"])
    assert not PlanStep.objects.get(plan=plan, key="welcome").waiting


def test_removing_a_step_releases_dependents_and_is_recorded(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    services.step_remove(step=PlanStep.objects.get(plan=plan, key="laptop"), actor=org_a["hr"])
    assert not PlanStep.objects.get(plan=plan, key="welcome").waiting
    assert PlanEvent.objects.get(plan=plan, kind="step_removed").detail["step"] == "laptop"


def test_hr_adds_a_step_to_one_plan(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    laptop = PlanStep.objects.get(plan=plan, key="laptop")
    step = services.step_add(
        plan=plan,
        actor=org_a["hr"],
        stage="first-day",
        kind="task",
        owner="buddy",
        title="Show the bike shed",
        offset=1,
        offset_unit="working",
        after=[laptop.pk],
    )
    assert step.key == "show-the-bike-shed"
    assert step.waiting
    assert step.due_at == datetime(2026, 11, 10, 8, 0, tzinfo=UTC)  # Tue 10 Nov 09:00 CET
    with pytest.raises(ApiError) as error:
        services.step_add(plan=plan, actor=org_a["hr"], stage="nope", kind="task", owner="hr", title="x")
    assert "stage" in error.value.fields


def test_a_sent_step_cannot_be_moved(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    dispatch.dispatch_tick(now=datetime(2026, 10, 31, tzinfo=UTC))
    with pytest.raises(ApiError):
        services.step_move(
            step=PlanStep.objects.get(plan=plan, key="read"),
            actor=org_a["hr"],
            due_at=datetime(2026, 12, 1, tzinfo=UTC),
        )


def test_other_apps_mark_steps_done_by_ref_idempotently(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    assert services.steps_mark_done_by_ref(profile=profile_a, kind="module", ref="direct-feedback") == 1
    assert services.steps_mark_done_by_ref(profile=profile_a, kind="module", ref="direct-feedback") == 0
    assert services.steps_mark_done_by_ref(profile=profile_a, kind="checklist", ref="not-there-yet") == 0
    step = PlanStep.objects.get(plan=plan, key="read")
    assert step.state == StepState.DONE
    assert step.done_by == org_a["newcomer"]
    dispatch.dispatch_tick(now=datetime(2027, 1, 1, tzinfo=UTC))
    assert PlanStep.objects.get(pk=step.pk).sent_at is None  # done before its moment: never sent


def test_the_default_template_makes_a_full_plan(profile_a, default_template, org_a):
    plan = services.plan_create(profile=profile_a, template=default_template, created_by=org_a["hr"])
    steps = list(PlanStep.objects.filter(plan=plan).select_related("stage"))
    assert {s.kind for s in steps} == {"module", "checklist", "language", "meeting", "task"}
    assert {s.owner for s in steps} == {"newcomer", "hr", "team_lead", "buddy", "team"}
    assert [s.key for s in plan.stages.order_by("position")] == [
        "before-arrival",
        "arrival-week",
        "first-day",
        "first-week",
        "first-month",
        "month-3",
        "month-6",
    ]
    assert all(s.due_at is not None for s in steps)
