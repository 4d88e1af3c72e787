"""Sending steps when their moment comes, reminding about overdue steps, and HR's weekly digest.

The database is the source of truth. A tick takes due, unsent steps in batches (oldest first) with
``FOR UPDATE SKIP LOCKED``, so two ticks at once share the work instead of doing it twice; in the
same transaction it marks each step sent and writes its notification and delivery rows (unique per
step and channel). The e-mail and push deliveries are queued after commit and sent by idempotent
tasks; a delivery whose message was lost is queued again by the next tick. A tick killed halfway
rolls back its open batch, and the next tick takes those steps again.

The watermark row records how far the last tick swept, so a tick after downtime knows it is catching
up (and logs how many steps were late); steps are always taken by state and due moment, so nothing
that was missed is skipped.
"""

from __future__ import annotations

import logging
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import active_people_with_role, team_step_members
from welkom.journeys.models import DispatchWatermark, Owner, Plan, PlanStep, StepState, TeamPartDone
from welkom.notifications.models import DeliveryChannel
from welkom.notifications.services import (
    Message,
    deliveries_requeue,
    notification_send,
    notifications_send_many,
    notifications_withdraw,
)

logger = logging.getLogger(__name__)
WATERMARK = "journeys-dispatch"
# Everyone a step can go to, loaded with the step.
STEP_PEOPLE = (
    "plan__profile__user",
    "plan__profile__team__lead",
    "plan__profile__team_lead",
    "plan__profile__buddy",
    "plan__hr_contact",
)


@dataclass
class TickResult:
    sent: int = 0
    late: int = 0
    requeued: int = 0
    batches: int = 0


def team_members(plan: Plan) -> list[User]:
    """The people a team-owned step reaches: the active members of the newcomer's team (its lead
    too when they are a member), never the newcomer nor another newcomer of the team
    (``team_step_members``)."""
    profile = plan.profile
    if profile.team_id is None:
        return []
    return list(team_step_members(profile.team_id).exclude(pk=profile.user_id))


def team_members_of(team_id: int) -> list[User]:
    """A team's members who do team steps, by id (``team_members`` without leaving out the plan's
    newcomer)."""
    return list(team_step_members(team_id))


# The organisations' active HR people by organisation id, each read once by whoever passes the same
# dict to several calls (a tick's batch, an answer's steps).
HRPeople = dict[int, list[User]]


def _active(person: User | None) -> User | None:
    return person if person is not None and person.is_active else None


def org_hr_people(organisation_id: int, *, known: HRPeople | None = None) -> list[User]:
    """The organisation's active HR people (by id), read once per ``known``."""
    if known is not None and organisation_id in known:
        return known[organisation_id]
    people = list(active_people_with_role(organisation_id=organisation_id, role=Role.HR).order_by("pk"))
    if known is not None:
        known[organisation_id] = people
    return people


def hr_people(plan: Plan, *, known: HRPeople | None = None) -> list[User]:
    """Who does what falls to HR for a plan: its HR contact while their account is active, else every
    active HR person of the organisation."""
    contact = _active(plan.hr_contact)
    return [contact] if contact is not None else org_hr_people(plan.organisation_id, known=known)


def _named_person(step: PlanStep, plan: Plan) -> User | None:
    """The one person a team-lead or buddy step names, when their account is active: the newcomer's
    team lead, else their team's lead (the first of them who is active); the buddy."""
    profile = plan.profile
    if step.owner == Owner.TEAM_LEAD:
        return _active(profile.team_lead) or _active(profile.team.lead if profile.team else None)
    if step.owner == Owner.BUDDY:
        return _active(profile.buddy)
    return None


def step_recipients(
    step: PlanStep,
    plan: Plan,
    *,
    open_only: bool = False,
    members: list[User] | None = None,
    hr: HRPeople | None = None,
) -> list[User]:
    """Everyone the step goes to. The newcomer's own steps: the newcomer. A team-lead or buddy step:
    that person while their account is active (a team-lead step: the newcomer's team lead, else the
    team's lead). A team step: the team's active members but the newcomer. Anything nobody active
    does, and HR's steps, goes to HR (``hr_people``): the plan's HR contact while active, else every
    active HR person of the organisation. Someone erased or invited but not yet joined
    (``is_active=False``) never gets a step. ``open_only``: leave out members who have done their
    part. ``members``: the plan's ``team_members``, when the caller has read them already; ``hr``:
    a dict shared by the calls that read one batch (``HRPeople``)."""
    if step.owner == Owner.NEWCOMER:
        return [plan.profile.user]
    if step.owner == Owner.TEAM:
        members = team_members(plan) if members is None else members
        if members:
            if open_only:
                done = set(TeamPartDone.objects.filter(step=step).values_list("user_id", flat=True))
                members = [m for m in members if m.pk not in done]
            return members
    else:
        person = _named_person(step, plan)
        if person is not None:
            return [person]
    return hr_people(plan, known=hr)


def step_owner(
    step: PlanStep, plan: Plan, *, members: list[User] | None = None, hr: HRPeople | None = None
) -> User | None:
    """Who does the step when one person does (``step_recipients``). None for a team step its team's
    members do, and when it falls to several HR people (or to nobody). ``members``, ``hr``: as for
    ``step_recipients``."""
    if step.owner == Owner.TEAM:
        members = team_members(plan) if members is None else members
        if members:
            return None
    people = step_recipients(step, plan, members=members, hr=hr)
    return people[0] if len(people) == 1 else None


def _link(step: PlanStep, recipient: User, plan: Plan) -> str:
    """Where a step's notice opens in the app: for HR the newcomer's timeline; for the newcomer and
    the people who do steps their home, whose Today and "my steps" panels show it with its action."""
    if recipient.pk != plan.profile.user_id and recipient.role in (Role.HR, Role.ADMIN):
        return f"/journeys/plans/{plan.pk}"
    return "/"


def _lock(queryset: QuerySet[PlanStep]) -> QuerySet[PlanStep]:
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset  # SQLite: one writer at a time anyway


def due_steps(now: datetime) -> QuerySet[PlanStep]:
    """The dispatcher's query; served by the partial index ``step_due_idx``."""
    return PlanStep.objects.filter(
        state=StepState.PLANNED, waiting=False, due_at__isnull=False, due_at__lte=now
    ).order_by("due_at", "id")


def _step_params(step: PlanStep, owner: User, plan: Plan) -> dict[str, object]:
    """The step's texts in every language it has; the person it is about when that is not the reader."""
    params: dict[str, object] = {"title": step.title, "body": step.body}
    if owner.pk != plan.profile.user_id:
        params["person"] = plan.profile.user.display_name
    return params


def _messages(step: PlanStep, hr: HRPeople) -> list[Message]:
    """One message per person the step goes to (a team step: one per member, the same key)."""
    plan = step.plan
    return [
        Message(
            recipient=person,
            kind="journey_step",
            params=_step_params(step, person, plan),
            link=_link(step, person, plan),
            dedupe_key=f"journey-step:{step.pk}",
        )
        for person in step_recipients(step, plan, open_only=True, hr=hr)
    ]


def dispatch_batch(*, now: datetime, batch_size: int) -> tuple[int, int]:
    """One transaction: lock up to ``batch_size`` due steps nobody else holds, send, mark sent."""
    late_before = now - timedelta(minutes=2)
    with transaction.atomic():
        steps = list(_lock(due_steps(now)).select_related(*STEP_PEOPLE)[:batch_size])
        hr: HRPeople = {}
        messages = [message for step in steps for message in _messages(step, hr)]
        notifications_send_many(messages=messages, now=now)
        PlanStep.objects.filter(pk__in=[step.pk for step in steps]).update(state=StepState.SENT, sent_at=now)
    late = sum(1 for step in steps if step.due_at and step.due_at < late_before)
    return len(steps), late


def dispatch_tick(*, now: datetime | None = None, batch_size: int | None = None, budget_seconds: float = 50):
    """Send every due step (oldest first) until none is left or the time budget is used; then queue
    deliveries that are due or lost, and move the watermark."""
    now = now or timezone.now()
    batch_size = batch_size or settings.JOURNEYS_DISPATCH_BATCH
    result = TickResult()
    started = clock.monotonic()
    watermark = DispatchWatermark.objects.filter(name=WATERMARK).first()
    if watermark and now - watermark.swept_until > timedelta(minutes=2):
        logger.info("Journeys: catching up from %s to %s", watermark.swept_until, now)
    while clock.monotonic() - started < budget_seconds:
        sent, late = dispatch_batch(now=now, batch_size=batch_size)
        result.sent += sent
        result.late += late
        if sent:
            result.batches += 1
        if sent < batch_size:
            break
    result.requeued = deliveries_requeue(now=now)
    DispatchWatermark.objects.get_or_create(
        name=WATERMARK, defaults={"swept_until": now, "ticked_at": timezone.now()}
    )
    DispatchWatermark.objects.filter(name=WATERMARK, swept_until__lte=now).update(
        swept_until=now, ticked_at=timezone.now(), last_sent=result.sent, last_caught_up=result.late
    )
    if result.sent or result.requeued:
        logger.info("Journeys tick: %s", result)
    return result


# --- Overdue ----------------------------------------------------------------------------------------


def overdue_since(now: datetime) -> datetime:
    return now - timedelta(days=settings.JOURNEYS_REMIND_AFTER_DAYS)


def _overdue_batch(
    *,
    due_before: datetime,
    reminded: bool,
    stamp: str,
    notify: Callable[[PlanStep, datetime, HRPeople], None],
    now: datetime,
    batch_size: int,
) -> int:
    """One transaction: lock up to ``batch_size`` sent, unescalated steps due before ``due_before``
    (already reminded or not yet), tell people about each with ``notify`` and set ``stamp`` to now."""
    with transaction.atomic():
        steps = list(
            _lock(
                PlanStep.objects.filter(
                    state=StepState.SENT,
                    escalated_at__isnull=True,
                    reminded_at__isnull=not reminded,
                    due_at__lte=due_before,
                ).order_by("due_at")
            ).select_related(*STEP_PEOPLE)[:batch_size]
        )
        hr: HRPeople = {}
        for step in steps:
            notify(step, now, hr)
            setattr(step, stamp, now)
        PlanStep.objects.bulk_update(steps, [stamp])
    return len(steps)


def _remind(step: PlanStep, now: datetime, hr: HRPeople) -> None:
    """One notification per step and person: the reminder takes the place of the step's own one. A
    team step reminds only the members whose part is still open. Who is reminded is worked out anew
    (``step_recipients``): a step whose owner has left since it was sent reminds who does it now."""
    owners = step_recipients(step, step.plan, open_only=True, hr=hr)
    if owners:
        notifications_withdraw(dedupe_keys=[f"journey-step:{step.pk}"])
    for owner in owners:
        notification_send(
            recipient=owner,
            kind="journey_overdue",
            params=_step_params(step, owner, step.plan),
            link=_link(step, owner, step.plan),
            dedupe_key=f"journey-overdue:{step.pk}",
            now=now,
        )


def steps_follow_owner(*, person: User, now: datetime | None = None) -> int:
    """``person`` can do steps now (they accepted their invitation): a sent step that went to
    someone else while they could not (HR, for an invited buddy) and is theirs now
    (``step_recipients``) moves to them. Whoever no longer does it loses its notice (with an e-mail
    or push not sent yet), and ``person`` gets it: the step's own notice, or the reminder when one
    was sent. Returns how many notices were withdrawn."""
    if person.organisation_id is None:
        return 0
    theirs = (
        Q(owner=Owner.BUDDY, plan__profile__buddy=person)
        | Q(owner=Owner.TEAM_LEAD)
        & (Q(plan__profile__team_lead=person) | Q(plan__profile__team__lead=person))
        | Q(owner=Owner.TEAM, plan__profile__team__memberships__user=person)
        | Q(plan__hr_contact=person)
    )
    org = person.organisation_id
    steps = PlanStep.objects.filter(theirs, state=StepState.SENT, plan__organisation_id=org)
    return _steps_move(steps, now=now or timezone.now(), to=person)


def steps_follow_profile(*, profile_id: int, now: datetime | None = None) -> int:
    """The newcomer's buddy, team lead or team changed: each sent step the buddy, the team lead or
    the team does moves to whoever does it now (``step_recipients``). Whoever no longer does it loses
    its notice (with an e-mail or push not sent yet); each new owner gets the step's own notice, or
    the reminder when one was sent. Returns how many notices were withdrawn."""
    steps = PlanStep.objects.filter(
        plan__profile_id=profile_id,
        state=StepState.SENT,
        owner__in=(Owner.BUDDY, Owner.TEAM_LEAD, Owner.TEAM),
    )
    return _steps_move(steps, now=now or timezone.now(), to=None)


def steps_follow_team(*, team_id: int, now: datetime | None = None) -> int:
    """A team's members changed: each sent team step of a newcomer in that team stays only with the
    members who do it now, and a member who joined gets its notice (or reminder). Returns how many
    notices were withdrawn."""
    steps = PlanStep.objects.filter(plan__profile__team_id=team_id, state=StepState.SENT, owner=Owner.TEAM)
    return _steps_move(steps, now=now or timezone.now(), to=None)


def _steps_move(steps: QuerySet[PlanStep], *, now: datetime, to: User | None) -> int:
    """The notices of each of ``steps`` (sent) stay only with whoever does it now; ``to``: only
    that person gets one they lack, None: every owner does (an owner who has it keeps it as it is).
    The notices are sent together, in a few queries however many owners and steps there are (a
    member joining a team reaches every sent team step of its newcomers)."""
    steps = steps.select_related(*STEP_PEOPLE).distinct().order_by("pk")
    hr: HRPeople = {}
    teams: dict[int, list[User]] = {}  # a team's members who do team steps, read once per team
    withdrawn = 0
    messages: list[Message] = []
    for step in steps:
        members = None
        team_id = step.plan.profile.team_id
        if step.owner == Owner.TEAM and team_id is not None:
            if team_id not in teams:
                teams[team_id] = team_members_of(team_id)
            members = [m for m in teams[team_id] if m.pk != step.plan.profile.user_id]  # as team_members
        owners = step_recipients(step, step.plan, open_only=True, members=members, hr=hr)
        if not owners:
            continue
        kind, key = ("journey_overdue", "overdue") if step.reminded_at else ("journey_step", "step")
        withdrawn += notifications_withdraw(
            dedupe_keys=[f"journey-step:{step.pk}", f"journey-overdue:{step.pk}"], except_recipients=owners
        )
        messages += [
            Message(
                recipient=owner,
                kind=kind,
                params=_step_params(step, owner, step.plan),
                link=_link(step, owner, step.plan),
                dedupe_key=f"journey-{key}:{step.pk}",
            )
            for owner in (owners if to is None else [o for o in owners if o.pk == to.pk])
        ]
    notifications_send_many(messages=messages, now=now)
    return withdrawn


def _escalate(step: PlanStep, now: datetime, hr: HRPeople) -> None:
    for person in hr_people(step.plan, known=hr):
        notification_send(
            recipient=person,
            kind="journey_escalated",
            params={"name": step.plan.profile.user.display_name, "title": step.title},
            link=f"/journeys/plans/{step.plan_id}",
            dedupe_key=f"journey-escalated:{step.pk}",
            now=now,
        )


def overdue_check(*, now: datetime | None = None, batch_size: int = 500) -> tuple[int, int]:
    """Remind the owner once when a sent step is not done N days after its moment; tell HR once
    when it is still not done M days after. Returns (reminded, escalated)."""
    now = now or timezone.now()
    reminded = _overdue_batch(
        due_before=overdue_since(now),
        reminded=False,
        stamp="reminded_at",
        notify=_remind,
        now=now,
        batch_size=batch_size,
    )
    escalated = _overdue_batch(
        due_before=now - timedelta(days=settings.JOURNEYS_ESCALATE_AFTER_DAYS),
        reminded=True,
        stamp="escalated_at",
        notify=_escalate,
        now=now,
        batch_size=batch_size,
    )
    return reminded, escalated


# --- Weekly digest -------------------------------------------------------------------------------


def hr_digest_send(*, now: datetime | None = None) -> int:
    """E-mail each HR person the overdue steps of their organisation, grouped per newcomer. One
    digest per person per ISO week, however often this runs. Returns how many were written."""
    now = now or timezone.now()
    year, week, _ = now.isocalendar()
    overdue = (
        PlanStep.objects.filter(state=StepState.SENT, due_at__lte=overdue_since(now))
        .select_related("plan__profile__user")
        .order_by("plan__organisation_id", "plan__profile__user__full_name", "due_at")
    )
    per_org: dict[int, dict[str, list[PlanStep]]] = {}
    for step in overdue:
        name = step.plan.profile.user.display_name
        per_org.setdefault(step.plan.organisation_id, {}).setdefault(name, []).append(step)
    written = 0
    for organisation_id, per_newcomer in per_org.items():
        people = active_people_with_role(organisation_id=organisation_id, role=Role.HR)
        params = {
            "week": f"{year}-W{week:02d}",
            "newcomers": [
                {
                    "name": name,
                    "steps": [
                        {"title": s.title, "due": timezone.localtime(s.due_at).date().isoformat()}
                        for s in steps
                        if s.due_at
                    ],
                }
                for name, steps in per_newcomer.items()
            ],
        }
        for person in people:
            with transaction.atomic():
                notification_send(
                    recipient=person,
                    kind="journey_digest",
                    params=params,
                    link="/",  # HR's home shows every newcomer's progress
                    dedupe_key=f"journey-digest:{year}-W{week:02d}",
                    channels=(DeliveryChannel.EMAIL,),
                    urgent=True,  # sent at the scheduled hour, which is already a working hour
                    now=now,
                )
            written += 1
    return written
