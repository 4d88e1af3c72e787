from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.audit.models import Action
from welkom.audit.services import audit_record, audit_record_many
from welkom.core.answers import cached_answer
from welkom.core.errors import ApiError
from welkom.core.pagination import PageNumberPagination
from welkom.core.responses import RenderedJSON, RenderedResponse
from welkom.journeys import selectors, services
from welkom.journeys.models import JourneyTemplate, Owner, PlanStep
from welkom.journeys.serializers import (
    NewcomerProgressSerializer,
    PlanCreateSerializer,
    PlanEventSerializer,
    PlanSerializer,
    StepAddSerializer,
    StepMoveSerializer,
    StepSerializer,
    TemplateSerializer,
    TodaySerializer,
    plan_row,
    stage_title,
    step_rows,
)
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profile_editable_by, profile_of, profile_remember
from welkom.offline.actions import action_taken_at

HR = roles(Role.HR, Role.ADMIN)


def _number(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if not value:
        return None
    if not value.isdigit():
        raise ApiError(
            gettext("“%(name)s” must be a number.") % {"name": name},
            fields={name: [gettext("Not a number.")]},
        )
    return int(value)


@extend_schema(
    parameters=[
        OpenApiParameter("profile", int, description="Mark the journey that fits this newcomer's profile")
    ]
)
class TemplateListApi(generics.ListAPIView[JourneyTemplate]):
    permission_classes = [HR]
    serializer_class = TemplateSerializer

    def get_queryset(self) -> QuerySet[JourneyTemplate]:
        return selectors.templates_available()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        profile_id = _number(self.request, "profile")
        if profile_id is not None:
            profile = profile_editable_by(current_user(self.request)).filter(pk=profile_id).first()
            if profile is None:
                raise ApiError(gettext("No such newcomer."), fields={"profile": [gettext("Does not exist.")]})
            context["suggested"] = selectors.template_suggested_for(profile)
        return context


@extend_schema(
    parameters=[
        OpenApiParameter("team", int, description="Only newcomers of this team"),
        OpenApiParameter("stage", str, description="Only newcomers now in this stage (its key)"),
    ]
)
class NewcomerProgressListApi(generics.ListAPIView[NewcomerProfile]):
    """HR: every newcomer with their plan's progress and overdue count."""

    permission_classes = [HR]
    serializer_class = NewcomerProgressSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        return selectors.newcomers_with_progress(
            current_user(self.request),
            team=_number(self.request, "team"),
            stage=self.request.query_params.get("stage") or None,
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        audit_record_many(
            actor=current_user(self.request),
            action=Action.VIEWED,
            entries=[(profile.user_id, "journey_progress", profile.pk) for profile in page or []],
        )
        return page


class PlanCreateApi(APIView):
    permission_classes = [HR]

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = profile_editable_by(user).filter(pk=serializer.validated_data["profile"]).first()
        if profile is None:
            raise ApiError(gettext("Unknown newcomer."), fields={"profile": [gettext("No such newcomer.")]})
        template = selectors.templates_available().filter(slug=serializer.validated_data["template"]).first()
        if template is None:
            raise ApiError(gettext("Unknown template."), fields={"template": [gettext("No such template.")]})
        plan = services.plan_create(profile=profile, template=template, created_by=user)
        timeline = selectors.plan_for_timeline(plan.pk, user)
        return Response(
            PlanSerializer(timeline, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def _answer_extra(user: Any) -> tuple[object, ...]:
    """What a cached journey answer depends on besides its rows: the reader and the settings read."""
    return (user.pk, settings.JOURNEYS_REMIND_AFTER_DAYS)


class PlanDetailApi(APIView):
    """The plan as a timeline: stages, steps, owners, what was sent, what is late."""

    # Cached per plan and reader under a fingerprint of every row it shows (welkom.core.answers).

    @extend_schema(responses={200: PlanSerializer})
    def get(self, request: Request, pk: int) -> Response:
        user = current_user(request)

        def build(now: datetime) -> tuple[tuple[int, RenderedJSON], datetime | None] | None:
            plan = selectors.plan_for_timeline(pk, user)
            if plan is None:
                return None
            profile_remember(user, plan.profile)
            answer = RenderedJSON.of(plan_row(plan, {"request": request, "now": now}))
            return (plan.profile.user_id, answer), selectors.timeline_changes_at(plan, now)

        found, _built = cached_answer(
            "journeys.timeline",
            rows=selectors.timeline_rows,
            keys=(pk, user.pk),
            extra=_answer_extra(user),
            build=build,
        )
        if found is None:
            raise ApiError(gettext("Not found."), code="not_found", status_code=404)
        newcomer, answer = found
        audit_record(
            actor=user,
            action=Action.VIEWED,
            subject_user=newcomer,
            object_type="journey_plan",
            object_id=pk,
        )
        return RenderedResponse(answer)


class PlanHistoryApi(generics.GenericAPIView[Any]):
    permission_classes = [HR]
    serializer_class = PlanEventSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: PlanEventSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(selectors.plans_visible_to(user).select_related("profile"), pk=pk)
        audit_record(
            actor=user,
            action=Action.VIEWED,
            subject_user=plan.profile.user_id,
            object_type="journey_plan_history",
            object_id=plan.pk,
        )
        page = self.paginate_queryset(selectors.plan_history(plan))
        return self.get_paginated_response(PlanEventSerializer(page, many=True).data)


class PlanStepAddApi(APIView):
    permission_classes = [HR]

    @extend_schema(request=StepAddSerializer, responses={201: StepSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(selectors.plans_visible_to(user).select_related("profile"), pk=pk)
        serializer = StepAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = services.step_add(plan=plan, actor=user, **serializer.validated_data)
        _audit_step_change(user, step)
        step = selectors.steps_visible_to(user).select_related(*selectors.STEP_RELATED).get(pk=step.pk)
        return Response(
            StepSerializer(step, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def _audit_step_change(user: Any, step: PlanStep) -> None:
    if user.pk == step.plan.profile.user_id:
        return  # newcomers ticking off their own steps are not recorded
    audit_record(
        actor=user,
        action=Action.CHANGED,
        subject_user=step.plan.profile.user_id,
        object_type="journey_step",
        object_id=step.pk,
    )


def _step(request: Request, pk: int) -> PlanStep:
    return get_object_or_404(
        selectors.steps_visible_to(current_user(request)).select_related(*selectors.STEP_RELATED), pk=pk
    )


class StepDetailApi(APIView):
    """HR moves (PATCH) or removes (DELETE) one step of one plan."""

    permission_classes = [HR]

    @extend_schema(request=StepMoveSerializer, responses={200: StepSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        serializer = StepMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.step_move(step=step, actor=current_user(request), **serializer.validated_data)
        _audit_step_change(current_user(request), step)
        return Response(StepSerializer(_step(request, pk), context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        _audit_step_change(current_user(request), step)
        services.step_remove(step=step, actor=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StepSkipApi(APIView):
    permission_classes = [HR]

    @extend_schema(request=None, responses={200: StepSerializer})
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        services.step_skip(step=step, actor=current_user(request))
        _audit_step_change(current_user(request), step)
        return Response(StepSerializer(_step(request, pk), context={"request": request}).data)


class StepDoneApi(APIView):
    """The step's owner (or HR) marks it done. Marking it again changes nothing; a step HR skipped
    is refused with 409 (a "done" queued offline that arrives after the skip)."""

    @extend_schema(request=None, responses={200: StepSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        step = _step(request, pk)
        if not selectors.step_owned_by(step, user):
            raise PermissionDenied("Only the person who owns this step can mark it done.")
        if step.owner == Owner.TEAM and user.role not in (Role.HR, Role.ADMIN):
            services.team_part_mark_done(step=step, by=user, taken_at=action_taken_at(request))
        else:
            services.step_mark_done(step=step, by=user, taken_at=action_taken_at(request))
        _audit_step_change(user, step)
        return Response(StepSerializer(_step(request, pk), context={"request": request}).data)


class MyStepsApi(generics.ListAPIView[PlanStep]):
    """Team lead, buddy or HR: the open steps they own, for their people only."""

    permission_classes = [roles(Role.TEAM_LEAD, Role.COLLEAGUE, Role.HR, Role.ADMIN)]
    serializer_class = StepSerializer

    def get_queryset(self) -> QuerySet[PlanStep]:
        return selectors.steps_owned_by(current_user(self.request))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        selectors.with_team_parts(page or [])
        audit_record_many(
            actor=current_user(self.request),
            action=Action.VIEWED,
            entries=[(step.plan.profile.user_id, "journey_step", step.pk) for step in page or []],
        )
        return page


class TodayApi(APIView):
    """The newcomer's phone: what to do now, what comes next, and the stage they are in."""

    permission_classes = [roles(Role.NEWCOMER)]

    @extend_schema(responses={200: TodaySerializer})
    def get(self, request: Request) -> Response:
        user = current_user(request)

        def build(now: datetime) -> tuple[RenderedJSON, datetime | None] | None:
            plan = selectors.own_plan(user)
            if plan is not None:
                profile_remember(user, plan.profile)  # their content languages read it
            elif profile_of(user) is None:
                return None
            today = selectors.today_in(plan, now=now)
            context = {"request": request, "plan": today.plan, "now": now}
            stage = None
            if today.stage is not None:
                stage = {"key": today.stage.key, "title": str(stage_title(today.stage, context).text)}
            answer = {
                "plan": today.plan.pk if today.plan else None,
                "stage": stage,
                "now": step_rows(today.now, context),
                "next": step_rows(today.next, context),
            }
            return RenderedJSON.of(answer), today.changes_at

        answer, _built = cached_answer(
            "journeys.today",
            rows=selectors.today_rows,
            keys=(user.pk,),
            extra=_answer_extra(user),
            build=build,
        )
        if answer is None:
            raise ApiError(gettext("Not found."), code="not_found", status_code=404)
        return RenderedResponse(answer)
