"""How journeys react to other apps' events (connected in JourneysConfig.ready()). Each receiver
runs inside the sender's transaction."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import Team, User
from welkom.checklists.models import Checklist
from welkom.journeys import integrations
from welkom.journeys.dispatch import steps_follow_owner, steps_follow_profile, steps_follow_team
from welkom.journeys.services import plan_follow_profile_change
from welkom.language.models import LanguagePlan
from welkom.modules.models import Module
from welkom.newcomers.models import NewcomerProfile


def profile_changed(*, profile: NewcomerProfile, changes: dict[str, Any], **kwargs: Any) -> None:
    plan_follow_profile_change(profile, changes)
    if changes.keys() & {"buddy", "team_lead", "team"}:
        steps_follow_profile(profile_id=profile.pk)


def team_members_changed(*, team: Team, **kwargs: Any) -> None:
    steps_follow_team(team_id=team.pk)


def person_joined(*, user: User, **kwargs: Any) -> None:
    steps_follow_owner(person=user)


def module_completed(*, user: Any, module: Module, **kwargs: Any) -> None:
    integrations.module_completed(user, module)


def language_plan_changed(*, plan: LanguagePlan, **kwargs: Any) -> None:
    integrations.language_plan_changed(plan)


def checklist_completed(*, checklist: Checklist, **kwargs: Any) -> None:
    integrations.checklist_completed(checklist)


def template_texts_changed(**kwargs: Any) -> None:
    """A template, stage or step was saved or deleted in this process: the texts it keeps of
    templates are read again (selectors.plan_texts)."""
    from welkom.journeys.selectors import template_texts_forget

    template_texts_forget()
