"""Reads for journeys. Tenant first (``for_tenant``), then role and relationship."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from welkom.accounts.models import Role, Team, User
from welkom.accounts.selectors import (
    PERSON_UNSHOWN,
    people_in,
    people_with_role_in,
    person_rows,
    team_memberships_in,
    team_memberships_of,
    team_step_memberships,
    teams_in,
    users_by_id,
)
from welkom.core.answers import Rows, anchor
from welkom.core.tenancy import for_tenant
from welkom.journeys.dispatch import overdue_since
from welkom.journeys.models import (
    JourneyTemplate,
    Owner,
    Plan,
    PlanEvent,
    PlanStage,
    PlanStep,
    StepState,
    TeamPartDone,
    TemplateStage,
    TemplateStep,
)
from welkom.newcomers.models import Employment, NewcomerProfile, PermitType
from welkom.newcomers.selectors import profile_rows_of, profiles_in, profiles_visible_to

STEP_RELATED = (
    "stage",
    "plan__profile__user",
    "plan__profile__team__lead",
    "plan__profile__team_lead",
    "plan__profile__buddy",
    "plan__hr_contact",
)


def templates_available() -> QuerySet[JourneyTemplate]:
    return JourneyTemplate.objects.filter(archived_at__isnull=True).order_by("slug")


def template_suggested_for(profile: NewcomerProfile) -> str | None:
    """The journey that fits the newcomer's route, from their profile: employed through an agency
    (``agency-worker``); posted from abroad or staying four months or less (``short-stay``); an
    EU/EEA or Swiss citizen (``eu-worker``); anyone else with a permit (``ict-kennismigrant``).
    None when that template is not loaded; HR still chooses."""
    if profile.employment == Employment.AGENCY:
        slug = "agency-worker"
    elif profile.employment == Employment.POSTED or not profile.stays_longer_than_4_months:
        slug = "short-stay"
    elif profile.permit_type == PermitType.EU_CITIZEN:
        slug = "eu-worker"
    else:
        slug = "ict-kennismigrant"
    return slug if templates_available().filter(slug=slug).exists() else None


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """A plan is visible to whoever may see its newcomer's profile (HR, their lead, buddy, themselves)."""
    visible = profiles_visible_to(user).values("pk")
    return for_tenant(Plan.objects.all(), user).filter(profile__in=visible)


def _team_part(user: User) -> Q:
    """Team steps of newcomers in a team ``user`` is a member of (not their own plan's). Nothing for
    a newcomer: they do no other newcomer's team steps (``dispatch.team_members``)."""
    if user.role == Role.NEWCOMER:
        return Q(pk__in=[])
    teams = team_memberships_of(user=user).values("team_id")
    return Q(owner=Owner.TEAM, plan__profile__team_id__in=teams) & ~Q(plan__profile__user=user)


def _nobody_active(*people: str) -> Q:
    """None of these people (paths from a step) is set with an active account."""
    nobody = Q()
    for path in people:
        nobody &= Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__is_active": False})
    return nobody


def _falls_to_hr(user: User) -> Q:
    """Steps that fall to HR that fall to ``user`` (dispatch.hr_people): as the plan's HR contact,
    or as an HR person of its organisation when the plan has no active HR contact."""
    contact = Q(plan__hr_contact=user)
    if user.role != Role.HR:
        return contact
    return contact | Q(plan__organisation_id=user.organisation_id) & _nobody_active("plan__hr_contact")


def _owned(user: User) -> Q:
    """Steps ``user`` does, as ``dispatch.step_recipients`` sends them (what one changes, the other
    must): as the newcomer's team lead, else their team's lead (the first with an active account);
    as a buddy; as a member of the newcomer's team; and what falls to HR (``_falls_to_hr``): HR
    steps, and team-lead, buddy and team steps nobody active does. Nothing for an inactive account."""
    if not user.is_active:
        return Q(pk__in=[])
    hr = _falls_to_hr(user)
    lead = Q(plan__profile__team_lead=user) | Q(plan__profile__team__lead=user) & _nobody_active(
        "plan__profile__team_lead"
    )
    no_lead = _nobody_active("plan__profile__team_lead", "plan__profile__team__lead")
    team_has_members = Exists(
        team_step_memberships()
        .filter(team_id=OuterRef("plan__profile__team_id"))
        .exclude(user_id=OuterRef("plan__profile__user_id"))
    )
    return (
        Q(owner=Owner.TEAM_LEAD) & (lead | no_lead & hr)
        | Q(owner=Owner.BUDDY) & (Q(plan__profile__buddy=user) | _nobody_active("plan__profile__buddy") & hr)
        | Q(owner=Owner.HR) & hr
        | _team_part(user)
        | Q(owner=Owner.TEAM) & ~team_has_members & hr
    )


def _steps_shown_to(user: User) -> Q:
    """Which steps of a plan they can see ``user`` is shown: HR and admins every step, the newcomer
    every step of their own plan, a team lead or buddy only the steps they own."""
    if user.role in (Role.HR, Role.ADMIN):
        return Q()
    return Q(plan__profile__user=user) | _owned(user)


def with_after(steps: list[PlanStep], *, known: list[PlanStep] | None = None) -> list[PlanStep]:
    """Gives each step ``after_ids``: the ids of the steps it waits for, in the steps' order (due
    moment, position, id), read as ids in one query (StepSerializer's ``after``; a prefetch of those
    steps builds a row and a manager for each and costs more than the rest of the read). ``known``:
    steps the caller has read (``steps`` among them); when every step waited for is one of them
    with a due moment, the links are read without joining the steps and put in order here."""
    after: dict[int, list[int]] = {step.pk: [] for step in steps}
    if after:
        links = PlanStep.depends_on.through.objects.filter(from_planstep_id__in=after).values_list(
            "from_planstep_id", "to_planstep_id"
        )
        by_id = {step.pk: step for step in known or ()}
        rows = list(links.order_by())
        if all(other in by_id and by_id[other].due_at is not None for _, other in rows):
            rows.sort(key=lambda row: (by_id[row[1]].due_at, by_id[row[1]].position, row[1]))
        else:  # a step not read here, or one without a due moment (NULLs sort by backend): again, in order
            rows = list(links.order_by("to_planstep__due_at", "to_planstep__position", "to_planstep__id"))
        for step_id, other_id in rows:
            after[step_id].append(other_id)
    for step in steps:
        step.after_ids = after[step.pk]  # type: ignore[attr-defined]
    return steps


def with_team_parts(steps: list[PlanStep]) -> list[PlanStep]:
    """Gives each team step ``team_done_ids``: the members who have done their part, read for all
    of them in one query (StepSerializer's ``can_mark_done`` and ``team_parts``)."""
    team_steps = {step.pk: step for step in steps if step.owner == Owner.TEAM}
    done: dict[int, set[int]] = {pk: set() for pk in team_steps}
    if team_steps:
        for step_id, user_id in TeamPartDone.objects.filter(step_id__in=team_steps).values_list(
            "step_id", "user_id"
        ):
            done[step_id].add(user_id)
    for pk, step in team_steps.items():
        step.team_done_ids = done[pk]  # type: ignore[attr-defined]
    return steps


# Read with a plan: its newcomer, their team and the template. The other people its steps name come
# in a second query (with_people): joined too, PostgreSQL spends 5-13 ms planning the nine tables,
# ten times what running both queries takes.
PLAN_RELATED = ("profile__user", "profile__team", "template")


def with_people(plan: Plan | None) -> Plan | None:
    """Sets the people a plan's steps name on it (team lead, the team's lead, buddy, HR contact),
    read in one query by id, as ``select_related`` would."""
    if plan is None:
        return None
    profile, team = plan.profile, plan.profile.team
    wanted = {profile.team_lead_id, profile.buddy_id, plan.hr_contact_id, team.lead_id if team else None}
    people = users_by_id({pk for pk in wanted if pk is not None})
    NewcomerProfile.team_lead.field.set_cached_value(profile, people.get(profile.team_lead_id or 0))
    NewcomerProfile.buddy.field.set_cached_value(profile, people.get(profile.buddy_id or 0))
    Plan.hr_contact.field.set_cached_value(plan, people.get(plan.hr_contact_id or 0))
    if team is not None:
        Team.lead.field.set_cached_value(team, people.get(team.lead_id or 0))
    return plan


def _one(queryset: QuerySet[Plan]) -> Plan | None:
    """The plan of a query that matches at most one, read without ORDER BY (``first()`` orders by
    id, and Django spends more on that order over the people read with a plan than on the read)."""
    found = list(queryset.order_by()[:1])
    return found[0] if found else None


def plan_for_timeline(plan_id: int, user: User) -> Plan | None:
    """A plan ``user`` may see, with its stages and the steps shown to them (``_steps_shown_to``):
    its newcomer and HR see every step, read without that filter's joins."""
    plan = with_people(_one(plans_visible_to(user).select_related(*PLAN_RELATED).filter(pk=plan_id)))
    if plan is None:
        return None
    steps: QuerySet[PlanStep] = PlanStep.objects.filter(plan=plan)
    if user.role not in (Role.HR, Role.ADMIN) and plan.profile.user_id != user.pk:
        steps = steps.filter(_steps_shown_to(user))
    # The plan's stages by position and its shown steps, in two plain queries: each stage gets
    # ``shown_steps`` (its steps in the plan's order) and the plan ``timeline_stages``, which
    # serializers.plan_row and stage_row read. A prefetch of both made the same two queries and
    # cost 0.5 ms more (a queryset and a manager per stage).
    stages = list(PlanStage.objects.filter(plan=plan).order_by("position"))
    shown = list(steps.order_by("due_at", "position", "id"))
    by_stage: dict[int, list[PlanStep]] = {stage.pk: [] for stage in stages}
    stage_of = {stage.pk: stage for stage in stages}
    for step in shown:
        PlanStep.stage.field.set_cached_value(step, stage_of[step.stage_id])
        PlanStep.plan.field.set_cached_value(step, plan)
        by_stage[step.stage_id].append(step)
    for stage in stages:
        PlanStage.plan.field.set_cached_value(stage, plan)
        stage.shown_steps = by_stage[stage.pk]  # type: ignore[attr-defined]
    plan.timeline_stages = stages  # type: ignore[attr-defined]
    with_team_parts(with_after(shown, known=shown))
    return plan


def plan_history(plan: Plan) -> QuerySet[PlanEvent]:
    return plan.events.select_related("actor")


def steps_visible_to(user: User) -> QuerySet[PlanStep]:
    """Steps of plans ``user`` may see (as far as they are shown to them), and the team steps of
    newcomers in their team: a team member does their part without seeing the newcomer's plan."""
    visible = Q(plan__in=plans_visible_to(user).values("pk")) & _steps_shown_to(user)
    return for_tenant(PlanStep.objects.all(), user).filter(visible | _team_part(user))


def steps_with_keys(*, user: User, keys: set[str]) -> QuerySet[PlanStep]:
    """Every plan step of ``user``'s organisation whose key is one of ``keys`` (what a step is
    called, for HR's reports), whoever may see the plan; by key, the newest first."""
    return for_tenant(PlanStep.objects.all(), user).filter(key__in=keys).order_by("key", "-id")


def newcomers_with_progress(
    user: User, *, team: int | None = None, stage: str | None = None, now: datetime | None = None
) -> QuerySet[NewcomerProfile]:
    """HR's list: every newcomer with their plan's counts and the stage they are in now (the last
    stage whose first step has come)."""
    now = now or timezone.now()
    overdue = Q(
        journey_plan__steps__state=StepState.SENT, journey_plan__steps__due_at__lte=overdue_since(now)
    )
    current_stage = (
        PlanStep.objects.filter(plan__profile=OuterRef("pk"), due_at__lte=now)
        .order_by("-stage__position")
        .values("stage__key")[:1]
    )
    profiles = (
        profiles_visible_to(user)
        .select_related("journey_plan")
        .annotate(
            steps_total=Count("journey_plan__steps", filter=~Q(journey_plan__steps__state=StepState.SKIPPED)),
            steps_done=Count("journey_plan__steps", filter=Q(journey_plan__steps__state=StepState.DONE)),
            steps_overdue=Count("journey_plan__steps", filter=overdue),
            current_stage=Subquery(current_stage),
        )
        .order_by("arrival_on", "id")
    )
    if team is not None:
        profiles = profiles.filter(team_id=team)
    if stage:
        profiles = profiles.filter(current_stage=stage)
    return profiles


def steps_owned_by(user: User) -> QuerySet[PlanStep]:
    """The open steps a person owns for their people: team lead steps of newcomers they lead (or
    whose team they lead when no lead is set), buddy steps of newcomers they are buddy of, HR steps
    of plans they look after, and team steps of newcomers in their team whose part they have not
    done yet."""
    return (
        for_tenant(PlanStep.objects.all(), user)
        .filter(_owned(user), state__in=(StepState.PLANNED, StepState.SENT))
        .exclude(pk__in=TeamPartDone.objects.filter(user=user).values("step_id"))
        .select_related(*STEP_RELATED)
        .prefetch_related("depends_on")
        .order_by("due_at", "id")
    )


@dataclass
class TodayAndNext:
    plan: Plan | None
    stage: PlanStage | None
    now: list[PlanStep]
    next: list[PlanStep]
    # The first moment after ``now`` at which the same rows give another answer (a step's moment
    # comes, comes within a day, or it turns late); None: never.
    changes_at: datetime | None = None


def _plan_with_people(plans: QuerySet[Plan]) -> Plan | None:
    """A newcomer's plan with the people its steps name (the profile among them) and its template."""
    return with_people(_one(plans.select_related(*PLAN_RELATED)))


def own_plan(user: User) -> Plan | None:
    """The newcomer's own plan, read as ``today_in`` needs it."""
    return _plan_with_people(Plan.objects.filter(profile__user=user))


def today_and_next(
    profile: NewcomerProfile, *, now: datetime | None = None, upcoming: int = 5
) -> TodayAndNext:
    return today_in(_plan_with_people(Plan.objects.filter(profile=profile)), now=now, upcoming=upcoming)


def today_in(plan: Plan | None, *, now: datetime | None = None, upcoming: int = 5) -> TodayAndNext:
    """For the newcomer's phone: open steps whose moment has come (and today's), the next few, and
    the stage they are in."""
    now = now or timezone.now()
    if plan is None:
        return TodayAndNext(None, None, [], [])
    # The plan's steps read once (a plan has tens of them); the rest is sorting in Python.
    steps = list(plan.steps.select_related("stage").order_by("due_at", "id"))
    for step in steps:
        PlanStep.plan.field.set_cached_value(step, plan)  # the plan above, with its people
    end_of_today = now + timedelta(hours=24)
    mine = [step for step in steps if step.owner == Owner.NEWCOMER or step.kind == "meeting"]
    current = [
        step
        for step in mine
        if step.state in (StepState.PLANNED, StepState.SENT)
        and step.due_at is not None
        and step.due_at <= end_of_today
    ]
    coming = [
        step
        for step in mine
        if step.state == StepState.PLANNED and step.due_at is not None and step.due_at > end_of_today
    ][:upcoming]
    started = [step.stage for step in steps if step.due_at is not None and step.due_at <= now]
    stage = (
        max(started, key=lambda stage: stage.position)
        if started
        else plan.stages.order_by("position").first()
    )
    with_team_parts(with_after(current + coming, known=steps))  # for the steps shown only
    late_after = now - overdue_since(now)
    moments = [
        moment
        for step in steps
        if step.due_at is not None
        for moment in (step.due_at, step.due_at - timedelta(hours=24), step.due_at + late_after)
    ]
    return TodayAndNext(plan, stage, current, coming, _first_after(moments, now))


def _first_after(moments: list[datetime], now: datetime) -> datetime | None:
    later = [moment for moment in moments if moment > now]
    return min(later) if later else None


def timeline_changes_at(plan: Plan, now: datetime) -> datetime | None:
    """The first moment after ``now`` at which a plan's timeline (``plan_for_timeline``) shows
    another answer from the same rows: a sent step shown turns late (``step_is_late``)."""
    late_after = now - overdue_since(now)
    steps = [step for stage in plan.timeline_stages for step in stage.shown_steps]  # type: ignore[attr-defined]
    return _first_after(
        [step.due_at + late_after for step in steps if step.state == StepState.SENT and step.due_at], now
    )


def _answer_rows(plans: QuerySet[Plan], reader_id: int) -> list[Rows]:
    """Every row a plan's timeline or today shows ``reader`` (``plans``: at most one plan, as a
    query), for the fingerprint their answer is cached under (welkom.core.answers): the plan, its
    profile and team, the people it names, the team's memberships and members, the organisation's
    HR people (what nobody active does goes to them), its stages, steps, their links and the team
    parts done, the template it was copied from with its stages and steps (their texts), and the
    reader with their own profile (their content languages). A team member's view of the plan's
    team steps depends on their membership of its team, which is among the team's memberships."""
    plan_ids = anchor(plans.values("pk"))
    plans = Plan.objects.filter(pk__in=plan_ids)
    profiles = profiles_in(anchor(plans.values("profile_id")))
    team_ids = anchor(profiles.values("team_id"))
    steps = PlanStep.objects.filter(plan__in=plan_ids)
    step_ids = anchor(steps.values("pk"))
    template_ids = anchor(
        JourneyTemplate.objects.filter(
            Q(pk__in=plans.values("template_id")) | Q(slug__in=plans.values("template_slug"))
        ).values("pk")
    )
    # Everyone it names, its team's members, the organisation's HR people and the reader: one set.
    people_ids = (
        profiles.values("user_id"),
        profiles.values("team_lead_id"),
        profiles.values("buddy_id"),
        plans.values("hr_contact_id"),
        teams_in(team_ids).values("lead_id"),
        team_memberships_in(team_ids).values("user_id"),
        people_with_role_in(plans.values("organisation_id"), role=Role.HR).values("pk"),
        person_rows(reader_id).values("pk"),
    )
    first, *others = (ids.order_by() for ids in people_ids)  # SQLite: no ORDER BY in a UNION's parts
    people = anchor(first.union(*others))
    return [
        Rows(plans),
        Rows(profiles),
        Rows(teams_in(team_ids)),
        Rows(people_in(people), exclude=PERSON_UNSHOWN),
        Rows(team_memberships_in(team_ids)),
        Rows(PlanStage.objects.filter(plan__in=plan_ids)),
        Rows(steps),
        Rows(PlanStep.depends_on.through.objects.filter(from_planstep__in=step_ids)),
        Rows(TeamPartDone.objects.filter(step__in=step_ids)),
        Rows(JourneyTemplate.objects.filter(pk__in=template_ids)),
        Rows(TemplateStage.objects.filter(template__in=template_ids)),
        Rows(TemplateStep.objects.filter(stage__template__in=template_ids)),
        Rows(profile_rows_of(reader_id)),
    ]


def timeline_rows(plan_id: int, reader_id: int) -> list[Rows]:
    """The rows ``plan_for_timeline(plan_id, reader)`` and its answer show (``_answer_rows``), for
    welkom.core.answers.cached_answer (the ids only as query values)."""
    return _answer_rows(Plan.objects.filter(pk=plan_id), reader_id)


def today_rows(reader_id: int) -> list[Rows]:
    """The rows the newcomer's today (``own_plan``, ``today_in``) shows (``_answer_rows``)."""
    return _answer_rows(Plan.objects.filter(profile__user_id=reader_id), reader_id)


def step_is_late(step: PlanStep, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return step.state == StepState.SENT and step.due_at is not None and step.due_at <= overdue_since(now)


def step_owned_by(
    step: PlanStep, user: User, *, plan: Plan | None = None, members: list[User] | None = None
) -> bool:
    """May this person mark the step done (while their account is active): HR and admins, else only
    someone it goes to (dispatch.step_recipients; for a team step: each member of the newcomer's
    team, their own part). ``members``: the plan's team members when the caller has read them."""
    from welkom.journeys.dispatch import step_recipients

    if not user.is_active:
        return False
    if user.role in (Role.HR, Role.ADMIN):
        return True
    plan = plan or step.plan
    # The organisation's HR people have the role HR: this person is none of them, no need to read them.
    recipients = step_recipients(step, plan, members=members, hr={plan.organisation_id: []})
    return any(person.pk == user.pk for person in recipients)


@dataclass(frozen=True)
class PlanTexts:
    """A template's texts by key, to read a plan copied from it in a language it gained since."""

    steps: dict[str, TemplateStep]
    stages: dict[str, dict[str, str]]
    drafted: list[str]


# A template's stage and step texts, per process, by (id, updated_at, content_hash): a content sync
# or an admin edit (welkom.journeys.admin) gives the template a new updated_at, and any save or
# delete of a template, stage or step in this process empties it (receivers.template_texts_changed).
_TEMPLATE_TEXTS: dict[tuple[int, str, str], tuple[dict[str, TemplateStep], dict[str, dict[str, str]]]] = {}
_TEMPLATE_TEXTS_KEPT = 32


def template_texts_forget() -> None:
    _TEMPLATE_TEXTS.clear()


def _template_texts(
    template: JourneyTemplate,
) -> tuple[dict[str, TemplateStep], dict[str, dict[str, str]]]:
    key = (template.pk, template.updated_at.isoformat(), template.content_hash)
    texts = _TEMPLATE_TEXTS.get(key)
    if texts is None:
        stages = {stage.key: stage.title for stage in TemplateStage.objects.filter(template=template)}
        steps = {step.key: step for step in TemplateStep.objects.filter(stage__template=template)}
        texts = steps, stages
        if len(_TEMPLATE_TEXTS) >= _TEMPLATE_TEXTS_KEPT:
            _TEMPLATE_TEXTS.clear()
        _TEMPLATE_TEXTS[key] = texts
    return texts


def plan_texts(plan: Plan) -> PlanTexts:
    """The texts of the template ``plan`` was copied from (its ``template``, read with the plan by
    the selectors above, or the template with its slug)."""
    template: JourneyTemplate | None = None
    if plan.template_id is not None:
        template = plan.template
    if template is None or template.slug != plan.template_slug:
        template = (
            JourneyTemplate.objects.filter(slug=plan.template_slug).first() if plan.template_slug else None
        )
    if template is None:
        return PlanTexts({}, {}, [])
    steps, stages = _template_texts(template)
    return PlanTexts(steps, stages, list(template.drafted))
