from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from welkom.accounts.models import Role, User
from welkom.checklists.serializers import ContentLanguageSerializer, content_meta
from welkom.core.language import Localised, content_languages, localise
from welkom.journeys.dispatch import step_owner, team_members_of
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
    TeamPartDone,
)
from welkom.journeys.selectors import PlanTexts, plan_texts, step_is_late, step_owned_by
from welkom.journeys.services import ANCHOR_FIELDS
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.serializers import PersonSummarySerializer


def _languages(context: dict[str, Any]) -> list[str]:
    """The reader's content languages, best first (welkom.core.language), once per answer."""
    if "languages" not in context:
        request = context.get("request")
        user = getattr(request, "user", None)
        context["languages"] = content_languages(user) if getattr(user, "pk", None) else ["en"]
    languages: list[str] = context["languages"]
    return languages


@extend_schema_field(OpenApiTypes.STR)
class LocalizedField(serializers.Field):
    """A {locale: text} value shown in the reader's best language (welkom.core.language)."""

    def to_representation(self, value: dict[str, str]) -> str:
        return str(localise(value or {}, _languages(self.context)).text)


def _source(context: dict[str, Any], plan: Plan) -> PlanTexts:
    """The template a plan was copied from, read once per answer (its texts in every language)."""
    cache: dict[str, PlanTexts] = context.setdefault("_templates", {})
    if plan.template_slug not in cache:
        cache[plan.template_slug] = plan_texts(plan)
    return cache[plan.template_slug]


def step_texts(step: PlanStep, context: dict[str, Any]) -> tuple[Localised, Localised]:
    """A plan step's title and body in the reader's language. A plan is a copy of its template made
    when it was assigned; a text the template has gained since (a new translation) is read from the
    template as long as the step's English is still the template's, so a plan made before a
    language came can still be read in it."""
    cache: dict[int, tuple[Localised, Localised]] = context.setdefault("_step_texts", {})
    if step.pk in cache:  # title, body and content ask for the same texts
        return cache[step.pk]
    plan = context.get("plan") or step.plan
    source = _source(context, plan)
    template_step = source.steps.get(step.key)
    title, body = step.title or {}, step.body or {}
    drafted: list[str] = []
    if template_step is not None and template_step.title.get("en") == title.get("en"):
        title = {**template_step.title, **title}
        if template_step.body.get("en") == body.get("en"):
            body = {**template_step.body, **body}
        drafted = source.drafted
    languages = _languages(context)
    texts = localise(title, languages, drafted=drafted), localise(body, languages, drafted=drafted)
    cache[step.pk] = texts
    return texts


def stage_title(stage: PlanStage, context: dict[str, Any]) -> Localised:
    source = _source(context, context.get("plan") or stage.plan)
    template_title = source.stages.get(stage.key, {})
    title = stage.title or {}
    drafted: list[str] = []
    if template_title.get("en") == title.get("en"):
        title, drafted = {**template_title, **title}, source.drafted
    return localise(title, _languages(context), drafted=drafted)


class TemplateSerializer(serializers.ModelSerializer[JourneyTemplate]):
    title = LocalizedField()
    description = LocalizedField()
    suggested = serializers.SerializerMethodField(
        help_text="True for the journey that fits the profile given as ?profile= (at most one)."
    )

    class Meta:
        model = JourneyTemplate
        fields = ["slug", "title", "description", "suggested"]

    def get_suggested(self, template: JourneyTemplate) -> bool:
        return bool(template.slug == self.context.get("suggested"))


class TeamPartsSerializer(serializers.Serializer[dict[str, int]]):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


def _person(user: User) -> dict[str, Any]:
    """PersonSummarySerializer's answer without building a serializer per step (its fields are
    worked out anew for each instance, the most expensive part of a step)."""
    return {"id": user.pk, "email": user.email, "full_name": user.full_name}


def _team(plan: Plan, context: dict[str, Any]) -> list[User]:
    """The plan's team members (dispatch.team_members), read once per team and answer."""
    profile = plan.profile
    if profile.team_id is None:
        return []
    cache: dict[int, list[User]] = context.setdefault("_team_members", {})
    if profile.team_id not in cache:
        cache[profile.team_id] = team_members_of(profile.team_id)
    return [person for person in cache[profile.team_id] if person.pk != profile.user_id]


def _team_done(step: PlanStep) -> set[int]:
    """Who has done their part of a team step (selectors.with_team_parts, or read now)."""
    done: set[int] | None = getattr(step, "team_done_ids", None)
    if done is None:
        done = set(TeamPartDone.objects.filter(step=step).values_list("user_id", flat=True))
    return done


class StepSerializer(serializers.ModelSerializer[PlanStep]):
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    stage = serializers.CharField(source="stage.key", read_only=True)
    owner_person = serializers.SerializerMethodField()
    newcomer = serializers.SerializerMethodField()
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    after = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    can_mark_done = serializers.SerializerMethodField(
        help_text="The reader may mark this step done (they do it, or they are HR); "
        "others see it as information. A team member who has done their part of a team step: false."
    )
    team_parts = serializers.SerializerMethodField(
        help_text="A team step (owner 'team'): how many members of the newcomer's team have done "
        "their part, of how many; null for other steps."
    )

    class Meta:
        model = PlanStep
        fields = [
            "id",
            "plan",
            "key",
            "stage",
            "kind",
            "ref",
            "owner",
            "owner_person",
            "newcomer",
            "title",
            "body",
            "due_at",
            "state",
            "sent_at",
            "done_at",
            "late",
            "waiting",
            "pinned",
            "after",
            "content",
            "can_mark_done",
            "team_parts",
        ]

    def to_representation(self, instance: PlanStep) -> dict[str, Any]:
        return step_row(instance, self.context)

    def _plan(self, step: PlanStep) -> Plan:
        return self.context.get("plan") or step.plan

    def get_title(self, step: PlanStep) -> str:
        return str(step_texts(step, self.context)[0].text)

    def get_body(self, step: PlanStep) -> str:
        return str(step_texts(step, self.context)[1].text)

    @extend_schema_field(ContentLanguageSerializer())
    def get_content(self, step: PlanStep) -> dict[str, Any]:
        """The language of the title and body, whether it is a fallback, whether it was checked."""
        title, body = step_texts(step, self.context)
        return content_meta(title, body) if body.language else content_meta(title)

    @extend_schema_field(PersonSummarySerializer(allow_null=True))
    def get_owner_person(self, step: PlanStep) -> dict[str, Any] | None:
        plan = self._plan(step)
        person = step_owner(
            step,
            plan,
            members=_team(plan, self.context) if step.owner == Owner.TEAM else None,
            hr=self.context.setdefault("_hr_people", {}),
        )
        return _person(person) if person else None

    @extend_schema_field(PersonSummarySerializer())
    def get_newcomer(self, step: PlanStep) -> dict[str, Any]:
        return _person(self._plan(step).profile.user)

    def get_after(self, step: PlanStep) -> list[int]:
        after: list[int] | None = getattr(step, "after_ids", None)  # selectors.with_after
        return list(after) if after is not None else [other.pk for other in step.depends_on.all()]

    def get_late(self, step: PlanStep) -> bool:
        return step_is_late(step, self.context.get("now"))

    def get_can_mark_done(self, step: PlanStep) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        plan = self._plan(step)
        members = _team(plan, self.context) if step.owner == Owner.TEAM else None
        if not step_owned_by(step, user, plan=plan, members=members):
            return False
        if step.owner == Owner.TEAM and user.role not in (Role.HR, Role.ADMIN):
            return user.pk not in _team_done(step)
        return True

    @extend_schema_field(TeamPartsSerializer(allow_null=True))
    def get_team_parts(self, step: PlanStep) -> dict[str, int] | None:
        if step.owner != Owner.TEAM:
            return None
        members = {person.pk for person in _team(self._plan(step), self.context)}
        return {"done": len(members & _team_done(step)), "total": len(members)}


# DRF's own field for a moment, so that a plain row shows it as StepSerializer's fields do (the
# current time zone, "Z" for UTC).
_MOMENT = serializers.DateTimeField()


def _moment(value: datetime | None) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


def step_row(step: PlanStep, context: dict[str, Any]) -> dict[str, Any]:
    """A step as StepSerializer's fields show it (same keys, order and values), built as a plain
    dict: DRF's field-by-field walk cost about a third of a plan's timeline (about 40 steps of 22
    fields). tests/journeys/test_step_rows.py holds it to the fields' own answer."""
    plan = context.get("plan") or step.plan
    team = step.owner == Owner.TEAM
    members = _team(plan, context) if team else None
    owner = step_owner(step, plan, members=members, hr=context.setdefault("_hr_people", {}))
    title, body = step_texts(step, context)
    after: list[int] | None = getattr(step, "after_ids", None)  # selectors.with_after
    if "now" not in context:  # one moment for the whole answer (selectors.step_is_late)
        context["now"] = timezone.now()
    return {
        "id": step.pk,
        "plan": step.plan_id,
        "key": str(step.key),
        "stage": str(step.stage.key),
        "kind": str(step.kind),
        "ref": str(step.ref),
        "owner": str(step.owner),
        "owner_person": _person(owner) if owner else None,
        "newcomer": _person(plan.profile.user),
        "title": str(title.text),
        "body": str(body.text),
        "due_at": _moment(step.due_at),
        "state": str(step.state),
        "sent_at": _moment(step.sent_at),
        "done_at": _moment(step.done_at),
        "late": step_is_late(step, context["now"]),
        "waiting": bool(step.waiting),
        "pinned": bool(step.pinned),
        "after": list(after) if after is not None else [other.pk for other in step.depends_on.all()],
        "content": content_meta(title, body) if body.language else content_meta(title),
        "can_mark_done": _can_mark_done(step, plan, members, context),
        "team_parts": _team_parts(step, members) if team else None,
    }


def _can_mark_done(step: PlanStep, plan: Plan, members: list[User] | None, context: dict[str, Any]) -> bool:
    """May the reader mark this step done (StepSerializer's ``can_mark_done``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not step_owned_by(step, user, plan=plan, members=members):
        return False
    if step.owner == Owner.TEAM and user.role not in (Role.HR, Role.ADMIN):
        return user.pk not in _team_done(step)
    return True


def _team_parts(step: PlanStep, members: list[User] | None) -> dict[str, int]:
    people = {person.pk for person in members or []}
    return {"done": len(people & _team_done(step)), "total": len(people)}


def step_rows(steps: Iterable[PlanStep], context: dict[str, Any]) -> list[dict[str, Any]]:
    """Steps as ``StepSerializer(steps, many=True, context=context).data`` shows them."""
    return [step_row(step, context) for step in steps]


class StageSerializer(serializers.ModelSerializer[PlanStage]):
    title = serializers.SerializerMethodField()
    starts_on = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = PlanStage
        fields = ["key", "title", "anchor", "starts_on", "steps"]

    def to_representation(self, instance: PlanStage) -> dict[str, Any]:
        return stage_row(instance, self.context)

    def get_title(self, stage: PlanStage) -> str:
        return str(stage_title(stage, self.context).text)

    def get_starts_on(self, stage: PlanStage) -> date | None:
        return _starts_on(stage, self.context["plan"])

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, stage: PlanStage) -> list[dict[str, Any]]:
        return step_rows(_shown_steps(stage), self.context)


def _starts_on(stage: PlanStage, plan: Plan) -> date | None:
    anchor = getattr(plan.profile, ANCHOR_FIELDS[Anchor(stage.anchor)])
    return anchor + timedelta(days=stage.offset_days) if anchor else None


def _shown_steps(stage: PlanStage) -> Iterable[PlanStep]:
    """A stage's steps shown to the reader (selectors.plan_for_timeline), else all of them."""
    shown: list[PlanStep] | None = getattr(stage, "shown_steps", None)
    return stage.steps.all() if shown is None else shown


def _stages(plan: Plan) -> Iterable[PlanStage]:
    """A plan's stages by position (selectors.plan_for_timeline), else as its relation reads them."""
    stages: list[PlanStage] | None = getattr(plan, "timeline_stages", None)
    return plan.stages.all() if stages is None else stages


def stage_row(stage: PlanStage, context: dict[str, Any]) -> dict[str, Any]:
    """A stage as StageSerializer's fields show it, with its steps (``context["plan"]``: its plan)."""
    return {
        "key": str(stage.key),
        "title": str(stage_title(stage, context).text),
        "anchor": str(stage.anchor),
        "starts_on": _starts_on(stage, context["plan"]),
        "steps": step_rows(_shown_steps(stage), context),
    }


class PlanSerializer(serializers.ModelSerializer[Plan]):
    newcomer = PersonSummarySerializer(source="profile.user", read_only=True)
    profile = serializers.IntegerField(source="profile_id", read_only=True)
    hr_contact = PersonSummarySerializer(read_only=True, allow_null=True)
    time_zone = serializers.CharField(source="profile.time_zone", read_only=True)
    stages = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "profile",
            "newcomer",
            "template_slug",
            "hr_contact",
            "time_zone",
            "created_at",
            "stages",
        ]

    def to_representation(self, instance: Plan) -> dict[str, Any]:
        return plan_row(instance, self.context)

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, plan: Plan) -> list[dict[str, Any]]:
        context = {**self.context, "plan": plan}
        return [stage_row(stage, context) for stage in _stages(plan)]


def plan_row(plan: Plan, context: dict[str, Any]) -> dict[str, Any]:
    """A plan's timeline as PlanSerializer's fields show it, built as plain dicts (step_row)."""
    context = {**context, "plan": plan}
    return {
        "id": plan.pk,
        "profile": plan.profile_id,
        "newcomer": _person(plan.profile.user),
        "template_slug": str(plan.template_slug),
        "hr_contact": _person(plan.hr_contact) if plan.hr_contact is not None else None,
        "time_zone": str(plan.profile.time_zone),
        "created_at": _moment(plan.created_at),
        "stages": [stage_row(stage, context) for stage in _stages(plan)],
    }


class PlanEventSerializer(serializers.ModelSerializer[PlanEvent]):
    actor = PersonSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = PlanEvent
        fields = ["id", "at", "actor", "kind", "detail"]


class NewcomerProgressSerializer(serializers.ModelSerializer[NewcomerProfile]):
    user = PersonSummarySerializer(read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)
    plan = serializers.SerializerMethodField()
    steps_total = serializers.IntegerField(read_only=True)
    steps_done = serializers.IntegerField(read_only=True)
    steps_overdue = serializers.IntegerField(read_only=True)
    current_stage = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = NewcomerProfile
        fields = [
            "id",
            "user",
            "team",
            "arrival_on",
            "first_day_on",
            "plan",
            "steps_total",
            "steps_done",
            "steps_overdue",
            "current_stage",
        ]

    def get_plan(self, profile: NewcomerProfile) -> int | None:
        plan = getattr(profile, "journey_plan", None)
        return plan.pk if plan else None


class TodayStageSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()


class TodaySerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(allow_null=True)
    stage = TodayStageSerializer(allow_null=True)
    now = StepSerializer(many=True)
    next = StepSerializer(many=True)


# --- Input ------------------------------------------------------------------------------------------


class PlanCreateSerializer(serializers.Serializer[Any]):
    profile = serializers.IntegerField()
    template = serializers.SlugField()


class StepAddSerializer(serializers.Serializer[Any]):
    stage = serializers.SlugField()
    kind = serializers.ChoiceField(choices=StepKind.choices)
    owner = serializers.ChoiceField(choices=Owner.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    ref = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    offset = serializers.IntegerField(min_value=-400, max_value=800, default=0)
    offset_unit = serializers.ChoiceField(choices=OffsetUnit.choices, default=OffsetUnit.CALENDAR)
    local_time = serializers.TimeField(required=False)
    after = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=20)


class StepMoveSerializer(serializers.Serializer[Any]):
    due_at = serializers.DateTimeField()
    stage = serializers.SlugField(required=False)
