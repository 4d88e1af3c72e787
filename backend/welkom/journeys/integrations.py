"""How other apps' events move a newcomer's journey on.

Journeys is the hub: when a newcomer finishes a module, a checklist or reaches a language level,
the matching steps of their plan (same kind and ref) are marked done. The signals' receivers
(journeys/receivers.py, connected in JourneysConfig.ready()) call these; each runs inside the
transaction of the event that triggered it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings

from welkom.journeys.models import StepKind
from welkom.journeys.services import steps_mark_done_by_ref
from welkom.newcomers.selectors import profile_of

if TYPE_CHECKING:
    from welkom.accounts.models import User
    from welkom.checklists.models import Checklist
    from welkom.language.models import LanguagePlan
    from welkom.modules.models import Module


def module_completed(user: User, module: Module) -> None:
    profile = profile_of(user)
    if profile is not None:
        steps_mark_done_by_ref(profile=profile, kind=StepKind.MODULE, ref=module.slug, by=user)


def language_plan_changed(plan: LanguagePlan) -> None:
    """A level check marked milestones reached: their language steps in the journey are done."""
    from welkom.language.selectors import milestones_for

    for milestone in milestones_for(plan):
        if milestone.reached_on is not None:
            steps_mark_done_by_ref(profile=plan.profile, kind=StepKind.LANGUAGE, ref=milestone.code)


def checklist_completed(checklist: Checklist) -> None:
    """Every item of a checklist is done or does not apply: its journey step is done."""
    steps_mark_done_by_ref(profile=checklist.profile, kind=StepKind.CHECKLIST, ref=checklist.template.slug)


def checklist_overdue_remind(*, now: datetime) -> tuple[int, int]:
    """Overdue checklist items feed the journey's reminders: the newcomer is reminded once per item
    and due date; HR hears of it once when it is still open a week later. Returns (reminded, escalated)."""
    from welkom.accounts.models import Role
    from welkom.accounts.selectors import active_people_with_role
    from welkom.checklists.selectors import overdue_items
    from welkom.notifications.services import notification_send

    reminded = escalated = 0
    for overdue in overdue_items(now=now):
        item = overdue.item
        newcomer = item.checklist.profile.user
        title = item.template_item.title
        notification_send(
            recipient=newcomer,
            kind="checklist_overdue",
            params={"title": title, "due": str(item.due_on)},
            link="/checklists",
            dedupe_key=f"checklist-overdue:{item.pk}:{item.due_on}",
            now=now,
        )
        reminded += 1
        if overdue.days_overdue >= settings.JOURNEYS_ESCALATE_AFTER_DAYS and newcomer.organisation_id:
            hr_people = active_people_with_role(organisation_id=newcomer.organisation_id, role=Role.HR)
            for person in hr_people:
                notification_send(
                    recipient=person,
                    kind="checklist_overdue_hr",
                    params={
                        "name": newcomer.display_name,
                        "title": title,
                        "due": str(item.due_on),
                        "days": overdue.days_overdue,
                    },
                    link="/checklists/board",
                    dedupe_key=f"checklist-overdue-hr:{item.pk}:{item.due_on}",
                    now=now,
                )
            escalated += 1
    return reminded, escalated
