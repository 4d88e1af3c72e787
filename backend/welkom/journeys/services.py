"""Writes for plans: made from a template, followed when the newcomer's dates change, edited by HR,
and marked done by the newcomer, the owner of a step, or another app (``steps_mark_done_by_ref``).

Sending is in ``welkom.journeys.dispatch``.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from welkom.accounts.models import User
from welkom.core.errors import ApiError
from welkom.journeys import schedule
from welkom.journeys.models import (
    Anchor,
    JourneyTemplate,
    OffsetUnit,
    Owner,
    Plan,
    PlanEvent,
    PlanStage,
    PlanStep,
    StepKind,
    StepState,
    TeamPartDone,
)
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profile_locked

ANCHOR_FIELDS = {
    Anchor.OFFER_SIGNED: "offer_signed_on",
    Anchor.ARRIVAL: "arrival_on",
    Anchor.FIRST_DAY: "first_day_on",
}
DATE_FIELDS = {"offer_signed_on", "arrival_on", "first_day_on", "time_zone"}
OPEN_STATES = (StepState.PLANNED, StepState.SENT)

# A step's state as words in a sentence ("This step is already done.").
STATE_WORDS = {
    "planned": gettext_noop("planned"),
    "sent": gettext_noop("sent"),
    "done": gettext_noop("done"),
    "skipped": gettext_noop("skipped"),
}


def template_touch(template: JourneyTemplate) -> None:
    """A template's stages or steps were edited outside a content sync (the admin): a new
    ``updated_at`` tells every process to read its texts again (selectors.plan_texts)."""
    template.updated_at = timezone.now()
    template.save(update_fields=["updated_at"])


def profile_zone(profile: NewcomerProfile) -> ZoneInfo:
    try:
        return ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def step_due_moment(*, step: PlanStep, stage: PlanStage, profile: NewcomerProfile) -> datetime | None:
    """When ``step`` is due: its local time in the newcomer's home zone before their arrival day, in
    the Netherlands from that day on (``schedule.zone_on``)."""
    return schedule.due_moment(
        anchor_date=getattr(profile, ANCHOR_FIELDS[Anchor(stage.anchor)]),
        stage_offset_days=stage.offset_days,
        offset=step.offset,
        working=step.offset_unit == OffsetUnit.WORKING,
        at=step.local_time,
        zone=profile_zone(profile),
        here_from=profile.arrival_on,
    )


def _event(plan: Plan, kind: str, actor: User | None = None, **detail: Any) -> PlanEvent:
    return PlanEvent.objects.create(plan=plan, kind=kind, actor=actor, detail=detail)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@transaction.atomic
def plan_create(*, profile: NewcomerProfile, template: JourneyTemplate, created_by: User) -> Plan:
    """Copy ``template`` into a plan for ``profile`` with concrete due moments. The copy is the plan:
    later template edits do not reach it."""
    profile = profile_locked(pk=profile.pk)
    if Plan.objects.filter(profile=profile).exists():
        raise ApiError(
            gettext("This newcomer already has a plan."),
            code="already_exists",
            fields={"profile": [gettext("Already has a plan.")]},
        )
    if template.archived_at is not None:
        raise ApiError(
            gettext("This template is archived."), fields={"template": [gettext("Archived; choose another.")]}
        )
    plan = Plan.objects.create(
        organisation_id=profile.organisation_id,
        profile=profile,
        template=template,
        template_slug=template.slug,
        hr_contact=created_by,
    )
    template_stages = list(template.stages.prefetch_related("steps"))
    stages = PlanStage.objects.bulk_create(
        PlanStage(
            plan=plan,
            key=s.key,
            position=s.position,
            anchor=s.anchor,
            offset_days=s.offset_days,
            title=s.title,
        )
        for s in template_stages
    )
    steps: list[PlanStep] = []
    afters: dict[str, list[str]] = {}
    for stage, template_stage in zip(stages, template_stages, strict=True):
        for t in template_stage.steps.all():
            step = PlanStep(
                plan=plan,
                stage=stage,
                key=t.key,
                position=t.position,
                kind=t.kind,
                ref=t.ref,
                owner=t.owner,
                offset=t.offset,
                offset_unit=t.offset_unit,
                local_time=t.local_time,
                title=t.title,
                body=t.body,
                waiting=bool(t.after),
            )
            step.due_at = step_due_moment(step=step, stage=stage, profile=profile)
            steps.append(step)
            afters[t.key] = list(t.after)
    PlanStep.objects.bulk_create(steps)
    by_key = {step.key: step for step in steps}
    through = PlanStep.depends_on.through
    through.objects.bulk_create(
        through(from_planstep_id=by_key[key].pk, to_planstep_id=by_key[other].pk)
        for key, others in afters.items()
        for other in others
        if other in by_key
    )
    _event(plan, "created", created_by, template=template.slug, steps=len(steps))
    return plan


@transaction.atomic
def plan_recompute(*, plan: Plan, actor: User | None = None, reason: dict[str, Any] | None = None) -> dict:
    """New due moments for steps not yet sent (and not moved by hand), from the profile as it is now."""
    profile = plan.profile
    changed: dict[str, list[str | None]] = {}
    steps = list(
        plan.steps.select_for_update(of=("self",))
        .select_related("stage")
        .filter(state=StepState.PLANNED, pinned=False)
    )
    for step in steps:
        due = step_due_moment(step=step, stage=step.stage, profile=profile)
        if due != step.due_at:
            changed[step.key] = [_iso(step.due_at), _iso(due)]
            step.due_at = due
    PlanStep.objects.bulk_update([s for s in steps if s.key in changed], ["due_at"])
    if changed or reason:
        _event(plan, "dates_changed", actor, profile=reason or {}, steps=changed)
    return changed


def plan_follow_profile_change(profile: NewcomerProfile, changes: dict[str, tuple[Any, Any]]) -> None:
    """Follows ``newcomers.signals.profile_changed``: dates or time zone changed."""
    relevant = {name: list(value) for name, value in changes.items() if name in DATE_FIELDS}
    if not relevant:
        return
    plan = Plan.objects.filter(profile=profile).first()
    if plan is None:
        return
    plan.profile = profile
    latest = profile.changes.select_related("changed_by").first()
    plan_recompute(plan=plan, actor=latest.changed_by if latest else None, reason=relevant)


# --- HR edits one plan -------------------------------------------------------------------------------


def _stage(plan: Plan, key: str) -> PlanStage:
    stage = plan.stages.filter(key=key).first()
    if stage is None:
        raise ApiError(
            gettext("Unknown stage."),
            fields={"stage": [gettext("No stage “%(key)s” in this plan.") % {"key": key}]},
        )
    return stage


def _require_open(step: PlanStep, field: str = "state") -> None:
    if step.state != StepState.PLANNED:
        raise ApiError(
            gettext("This step is already %(state)s.") % {"state": gettext(STATE_WORDS[step.state])},
            code="not_planned",
            fields={field: [gettext(STATE_WORDS[step.state])]},
        )


@transaction.atomic
def step_add(
    *,
    plan: Plan,
    actor: User,
    stage: str,
    kind: str,
    owner: str,
    title: str,
    body: str = "",
    ref: str = "",
    offset: int = 0,
    offset_unit: str = OffsetUnit.CALENDAR,
    local_time: time = time(9, 0),
    after: list[int] | None = None,
) -> PlanStep:
    plan_stage = _stage(plan, stage)
    dependencies = list(plan.steps.filter(pk__in=after or []))
    if len(dependencies) != len(set(after or [])):
        raise ApiError(
            gettext("Unknown step in 'after'."),
            fields={"after": [gettext("Every id must be a step of this plan.")]},
        )
    base = slugify(title)[:50] or "step"
    key, number = base, 1
    while plan.steps.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    language = actor.language if actor.language in ("en", "nl") else "en"
    texts = {"en": title} if language == "en" else {"en": title, language: title}
    step = PlanStep(
        plan=plan,
        stage=plan_stage,
        key=key,
        position=plan_stage.steps.count() + 100,
        kind=StepKind(kind),
        ref=ref,
        owner=Owner(owner),
        offset=offset,
        offset_unit=OffsetUnit(offset_unit),
        local_time=local_time,
        title=texts,
        body=dict.fromkeys(texts, body) if body else {},
        waiting=any(d.state not in (StepState.DONE, StepState.SKIPPED) for d in dependencies),
    )
    step.due_at = step_due_moment(step=step, stage=plan_stage, profile=plan.profile)
    step.save()
    step.depends_on.set(dependencies)
    _event(plan, "step_added", actor, step=key, title=title, due_at=_iso(step.due_at))
    return step


@transaction.atomic
def step_move(*, step: PlanStep, actor: User, due_at: datetime, stage: str | None = None) -> PlanStep:
    """Give a step a new moment by hand; later date changes leave it where HR put it."""
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    _require_open(step, "due_at")
    old = step.due_at
    step.due_at, step.pinned = due_at, True
    if stage:
        step.stage = _stage(step.plan, stage)
    step.save(update_fields=["due_at", "pinned", "stage"])
    _event(
        step.plan, "step_moved", actor, step=step.key, due_at=[_iso(old), _iso(due_at)], stage=step.stage.key
    )
    return step


@transaction.atomic
def step_skip(*, step: PlanStep, actor: User) -> PlanStep:
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    if step.state not in OPEN_STATES:
        raise ApiError(
            gettext("This step is already %(state)s.") % {"state": gettext(STATE_WORDS[step.state])},
            code="not_open",
            fields={"state": [gettext("Not open.")]},
        )
    step.state = StepState.SKIPPED
    step.save(update_fields=["state"])
    _withdraw_notifications(step.pk)
    _release_dependents(step)
    _event(step.plan, "step_skipped", actor, step=step.key)
    return step


@transaction.atomic
def step_remove(*, step: PlanStep, actor: User) -> None:
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    dependents = list(step.dependents.all())
    plan, key, title = step.plan, step.key, step.title
    _withdraw_notifications(step.pk)
    step.delete()
    for dependent in dependents:
        _refresh_waiting(dependent)
    _event(plan, "step_removed", actor, step=key, title=title)


# --- Done ----------------------------------------------------------------------------------------------


def _withdraw_notifications(step_id: int) -> None:
    """A step that is done, skipped or removed is no longer anybody's task: its notifications
    (the step, its reminder, HR's "still open") leave the inboxes, unsent e-mails and pushes too."""
    from welkom.notifications.services import notifications_withdraw

    notifications_withdraw(
        dedupe_keys=[f"journey-step:{step_id}", f"journey-overdue:{step_id}", f"journey-escalated:{step_id}"]
    )


def _refresh_waiting(step: PlanStep) -> None:
    waiting = step.depends_on.exclude(state__in=(StepState.DONE, StepState.SKIPPED)).exists()
    if waiting != step.waiting:
        PlanStep.objects.filter(pk=step.pk).update(waiting=waiting)


def _release_dependents(step: PlanStep) -> None:
    for dependent in step.dependents.filter(waiting=True):
        _refresh_waiting(dependent)


@transaction.atomic
def step_mark_done(*, step: PlanStep, by: User | None, taken_at: datetime | None = None) -> PlanStep:
    """Done is done: marking it again changes nothing. Steps waiting on it become ready.

    ``taken_at``: when the person marked it (earlier than now when it waited in the phone's outbox);
    the step is recorded as done then. A step HR skipped stays skipped: marking it done is refused
    with 409 ``conflict`` (docs/mobile-app.md)."""
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    if step.state == StepState.DONE:
        return step
    _refuse_if_skipped(step)
    now = timezone.now()
    done_at = min(taken_at, now) if taken_at is not None else now
    step.state, step.done_at, step.done_by = StepState.DONE, done_at, by
    step.save(update_fields=["state", "done_at", "done_by"])
    _withdraw_notifications(step.pk)
    _release_dependents(step)
    _event(step.plan, "step_done", by, step=step.key)
    return step


def _refuse_if_skipped(step: PlanStep) -> None:
    """A step HR skipped stays skipped: marking it (or one's part of it) done is a 409."""
    if step.state == StepState.SKIPPED:
        raise ApiError(
            gettext("HR skipped this step, so it stays skipped and was not marked done."),
            code="conflict",
            status_code=409,
        )


@transaction.atomic
def team_part_mark_done(*, step: PlanStep, by: User, taken_at: datetime | None = None) -> PlanStep:
    """A member of the newcomer's team did their part of a team-owned step. Their notifications for
    it are withdrawn; the step itself turns done when every current member has done their part
    (members who join later get the step too; HR may mark the whole step done at any time).
    Marking one's part again changes nothing."""
    from welkom.journeys.dispatch import team_members
    from welkom.notifications.services import notifications_withdraw

    step = PlanStep.objects.select_for_update().select_related("plan__profile").get(pk=step.pk)
    if step.state == StepState.DONE:
        return step
    _refuse_if_skipped(step)
    now = timezone.now()
    done_at = min(taken_at, now) if taken_at is not None else now
    _part, created = TeamPartDone.objects.get_or_create(step=step, user=by, defaults={"done_at": done_at})
    if not created:
        return step
    notifications_withdraw(
        dedupe_keys=[f"journey-step:{step.pk}", f"journey-overdue:{step.pk}"], recipient=by
    )
    _event(step.plan, "team_part_done", by, step=step.key)
    members = {member.pk for member in team_members(step.plan)}
    done = set(TeamPartDone.objects.filter(step=step).values_list("user_id", flat=True))
    if members <= done:
        return step_mark_done(step=step, by=by, taken_at=done_at)
    return step


@transaction.atomic
def steps_mark_done_by_ref(*, profile: NewcomerProfile, kind: str, ref: str, by: User | None = None) -> int:
    """For other apps: the newcomer finished something (module ``direct-feedback``, checklist
    ``arrival-registration``, language level ``A1``). Marks every open step of that kind and ref in
    their plan done; returns how many. Idempotent, and a no-op without a plan or a matching step."""
    steps = PlanStep.objects.filter(
        plan__profile=profile, kind=kind, ref=ref, state__in=OPEN_STATES
    ).values_list("pk", flat=True)
    count = 0
    for step_id in list(steps):
        step_mark_done(step=PlanStep(pk=step_id), by=by or profile.user)
        count += 1
    return count
