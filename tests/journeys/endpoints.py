PUBLIC: set[str] = set()
HR = {"hr", "admin"}
ENDPOINTS = {
    "journey-template-list": {"get": HR},
    "journey-newcomer-list": {"get": HR},
    "journey-plan-create": {"post": HR},
    "journey-plan-detail": {"get": "all"},  # scoped: own plan, their people, HR
    "journey-plan-history": {"get": HR},
    "journey-step-add": {"post": HR},
    "journey-step-detail": {"patch": HR, "delete": HR},
    "journey-step-skip": {"post": HR},
    "journey-step-done": {"post": "all"},  # the step's owner or HR
    "journey-my-steps": {"get": {"team_lead", "colleague", "hr", "admin"}},
    "journey-today": {"get": {"newcomer"}},
}


def _plan(scope):  # type: ignore[no-untyped-def]
    """The scope newcomer's plan: one stage with a step for every kind of owner."""
    from welkom.journeys.models import Owner

    return plan_with_a_step_per_owner(
        organisation=scope.organisation,
        profile=scope.profile,
        hr_contact=scope.hr,
        owners=Owner.values,
        template_slug="matrix",
    )


def plan_with_a_step_per_owner(*, organisation, profile, hr_contact, owners, template_slug):  # type: ignore[no-untyped-def]
    """A plan with one stage and one sent step, due now, for each owner given (its key is the owner)."""
    from datetime import time

    from django.utils import timezone

    from welkom.journeys.models import Plan, PlanStage, PlanStep

    plan = Plan.objects.create(
        organisation=organisation, profile=profile, template_slug=template_slug, hr_contact=hr_contact
    )
    stage = PlanStage.objects.create(plan=plan, key="start", anchor="arrival", title={"en": "Start"})
    for position, owner in enumerate(owners):
        PlanStep.objects.create(
            plan=plan,
            stage=stage,
            key=owner,
            position=position,
            kind="task",
            owner=owner,
            local_time=time(9),
            title={"en": owner},
            due_at=timezone.now(),
            state="sent",
        )
    return plan


# The owner of the step each caller does: a newcomer their own, a team lead their newcomer's team
# lead step, a colleague (the buddy) the buddy step; HR and admin may mark any step done.
_OWNER_OF = {"newcomer": "newcomer", "team_lead": "team_lead", "colleague": "buddy"}


def _step(scope, caller):  # type: ignore[no-untyped-def]
    return {"pk": _plan(scope).steps.get(owner=_OWNER_OF.get(caller.role, "hr")).pk}


def _plan_kwargs(scope, caller):  # type: ignore[no-untyped-def]
    return {"pk": _plan(scope).pk}


OBJECTS = {
    "journey-plan-detail": _plan_kwargs,
    "journey-plan-history": _plan_kwargs,
    "journey-step-add": _plan_kwargs,
    "journey-step-detail": _step,
    "journey-step-skip": _step,
    "journey-step-done": _step,
}
# A plan (and its steps) is seen by HR, its newcomer, their team lead and buddy: in another team
# only HR and admin (the default).
OTHER_TEAM: dict[str, set[str]] = {}
