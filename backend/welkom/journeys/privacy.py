"""Journey plans in exports and erasure (welkom.core.privacy_registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.journeys.models import Plan, PlanEvent, PlanStage, PlanStep, TeamPartDone
from welkom.privacy.rows import name_needles, organisation_id_of, rows, scrub


def export_journeys(user: User) -> dict[str, Any]:
    plans = Plan.objects.filter(profile__user=user)
    return {
        "plans": rows(plans),
        "stages": rows(PlanStage.objects.filter(plan__in=plans)),
        "steps": rows(PlanStep.objects.filter(plan__in=plans)),
        "events": rows(PlanEvent.objects.filter(plan__in=plans)),
        # Their own part of team steps in colleagues' plans (kept on erasure, like done_by).
        "team_parts": rows(TeamPartDone.objects.filter(user=user)),
    }


def erase_journeys(user: User) -> None:
    # The plan with its stages, steps and events (on_delete=CASCADE). Steps the person ticked off
    # in other people's plans keep done_by (the anonymised account): counts stay right.
    Plan.objects.filter(profile__user=user).delete()
    # Events in other plans (the person as buddy or lead) may quote their name.
    candidates = Q(pk__in=[])
    for needle in name_needles(user):
        candidates |= Q(detail__icontains=needle)
    for event in PlanEvent.objects.filter(plan__organisation_id=organisation_id_of(user)).filter(candidates):
        scrubbed = _scrub_json(event.detail, user)
        if scrubbed != event.detail:
            event.detail = scrubbed
            event.save(update_fields=["detail"])


def _scrub_json(value: Any, user: User) -> Any:
    if isinstance(value, str):
        return scrub(value, user)
    if isinstance(value, list):
        return [_scrub_json(item, user) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, user) for key, item in value.items()}
    return value


def register() -> None:
    register_source(DataSource(name="journeys", export=export_journeys, erase=erase_journeys, order=50))
