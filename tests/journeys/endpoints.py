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
    from datetime import time

    from django.utils import timezone

    from welkom.journeys.models import Owner, Plan, PlanStage, PlanStep

    plan = Plan.objects.create(
        organisation=scope.organisation, profile=scope.profile, template_slug="matrix", hr_contact=scope.hr
    )
    stage = PlanStage.objects.create(plan=plan, key="start", anchor="arrival", title={"en": "Start"})
    for position, owner in enumerate(Owner.values):
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
