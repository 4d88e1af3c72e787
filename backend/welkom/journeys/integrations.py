"""How other apps' events move a newcomer's journey on.

Journeys is the hub: when a newcomer finishes a module, a checklist or reaches a language level,
the matching steps of their plan (same kind and ref) are marked done. The listeners are registered
in JourneysConfig.ready(); each runs inside the transaction of the event that triggered it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from welkom.journeys.models import StepKind
from welkom.journeys.services import steps_mark_done_by_ref
from welkom.newcomers.models import NewcomerProfile

if TYPE_CHECKING:
    from welkom.accounts.models import User
    from welkom.language.models import LanguagePlan
    from welkom.modules.models import Module


def module_completed(user: User, module: Module) -> None:
    profile = NewcomerProfile.objects.filter(user=user).first()
    if profile is not None:
        steps_mark_done_by_ref(profile=profile, kind=StepKind.MODULE, ref=module.slug, by=user)


def language_plan_changed(plan: LanguagePlan) -> None:
    """A level check marked milestones reached: their language steps in the journey are done."""
    from welkom.language.selectors import milestones_for

    for milestone in milestones_for(plan):
        if milestone.reached_on is not None:
            steps_mark_done_by_ref(profile=plan.profile, kind=StepKind.LANGUAGE, ref=milestone.code)
