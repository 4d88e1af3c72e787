"""Thin views: parse with a serializer, call one service or selector, shape the answer."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role, User
from welkom.accounts.permissions import current_user, roles
from welkom.audit.models import Action
from welkom.audit.services import audit_record, audit_record_many
from welkom.core.errors import ApiError
from welkom.core.language import person_language
from welkom.language import selectors, services
from welkom.language.calendar import plan_calendar
from welkom.language.models import Course, LanguagePlan, StudySession
from welkom.language.serializers import (
    CalendarFeedSerializer,
    CourseSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    LevelCheckSerializer,
    MyLanguageSerializer,
    PlanInputSerializer,
    PlanResultSerializer,
    PlanSerializer,
    ReplanSerializer,
    SessionMarkSerializer,
    SessionSerializer,
    StepHoursRowSerializer,
    StepHoursWriteSerializer,
    StudyLogSerializer,
)
from welkom.newcomers.models import NewcomerProfile
from welkom.offline.middleware import shown_once

HR = (Role.HR, Role.ADMIN)
READERS = (Role.HR, Role.ADMIN, Role.TEAM_LEAD, Role.NEWCOMER)


def _plans_context(plans: list[LanguagePlan]) -> dict[str, Any]:
    now = timezone.now()
    return {"progress": {plan.pk: selectors.plan_progress(plan, now) for plan in plans}}


def _plan_body(user: User, pk: int) -> dict[str, Any]:
    plan = selectors.with_progress(selectors.plans_visible_to(user), timezone.now()).get(pk=pk)
    return dict(PlanSerializer(plan, context=_plans_context([plan])).data)


def _editable_profile(user: User, profile: NewcomerProfile) -> NewcomerProfile:
    from welkom.newcomers.selectors import profile_editable_by

    return get_object_or_404(profile_editable_by(user), pk=profile.pk)


class StepHoursApi(APIView):
    """Hours of study per CEFR step: the shipped defaults, with this organisation's own values."""

    permission_classes = [roles(*HR)]

    @extend_schema(
        responses={200: StepHoursRowSerializer(many=True)},
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Valid on this day (today).")],
        operation_id="language_hours_list",
    )
    def get(self, request: Request) -> Response:
        user = current_user(request)
        on = _date_param(request, "on") or timezone.localdate()
        assert user.organisation_id is not None
        rows = selectors.step_hours_table(organisation_id=user.organisation_id, on=on)
        return Response(StepHoursRowSerializer(rows, many=True).data)

    @extend_schema(request=StepHoursWriteSerializer, responses={200: StepHoursRowSerializer(many=True)})
    def put(self, request: Request) -> Response:
        user = current_user(request)
        serializer = StepHoursWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assert user.organisation is not None
        services.step_hours_set(
            organisation=user.organisation,
            changed_by=user,
            valid_from=data["valid_from"],
            hours={item["from_level"]: item["hours"] for item in data["steps"]},
        )
        rows = selectors.step_hours_table(organisation_id=user.organisation.pk, on=data["valid_from"])
        return Response(StepHoursRowSerializer(rows, many=True).data)


class PlanPreviewApi(APIView):
    """Instant feedback while HR plans: is the goal reachable, and if not the nearest options."""

    permission_classes = [roles(*HR)]

    @extend_schema(request=PlanInputSerializer, responses={200: PlanResultSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = PlanInputSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        profile = _editable_profile(user, data.pop("newcomer"))
        result = services.plan_preview(profile=profile, **data)
        return Response(PlanResultSerializer(result).data)


class PlanListApi(generics.ListAPIView[LanguagePlan]):
    """The overview: each newcomer's level now, target, on track or behind, next milestone."""

    serializer_class = PlanSerializer

    def get_permissions(self):  # type: ignore[no-untyped-def,unused-ignore]
        if self.request.method == "POST":
            return [roles(*HR)()]
        return [roles(Role.HR, Role.ADMIN, Role.TEAM_LEAD)()]

    def get_queryset(self) -> QuerySet[LanguagePlan]:
        plans = selectors.plans_visible_to(current_user(self.request))
        return selectors.with_progress(plans, timezone.now()).order_by("target_date", "id")

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        audit_record_many(
            actor=current_user(self.request),
            action=Action.VIEWED,
            entries=[(plan.profile.user_id, "language_plan", plan.pk) for plan in page or []],
        )
        return page

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            kwargs["context"] = {**self.get_serializer_context(), **_plans_context(list(args[0]))}
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = PlanInputSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        profile = _editable_profile(user, data.pop("newcomer"))
        plan = services.plan_create(profile=profile, created_by=user, **data)
        return Response(_plan_body(user, plan.pk), status=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    permission_classes = [roles(*READERS)]

    @extend_schema(responses={200: PlanSerializer}, operation_id="language_plans_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(selectors.plans_visible_to(user), pk=pk)
        audit_record(
            actor=user,
            action=Action.VIEWED,
            subject_user=plan.profile.user_id,
            object_type="language_plan",
            object_id=plan.pk,
        )
        return Response(_plan_body(user, pk))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(selectors.plans_visible_to(user), pk=pk)
        if user.role not in HR:
            raise PermissionDenied("Only HR can delete a language plan.")
        services.plan_delete(plan=plan)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanReplanApi(APIView):
    """Plan the remaining sessions again (after missed sessions, or with changed input)."""

    permission_classes = [roles(*HR)]

    @extend_schema(request=ReplanSerializer, responses={200: PlanResultSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(selectors.plans_editable_by(user), pk=pk)
        serializer = ReplanSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        result = services.plan_replan(plan=plan, changed_by=user, **serializer.validated_data)
        return Response(PlanResultSerializer(result).data)


def _date_param(request: Request, name: str) -> date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ApiError(
            gettext("Use a date like 2026-11-30."), fields={name: [gettext("Not a date (YYYY-MM-DD).")]}
        ) from error


class PlanSessionsApi(generics.ListAPIView[StudySession]):
    """The plan's sessions in time order; ``from`` and ``to`` (dates, inclusive) narrow them."""

    permission_classes = [roles(*READERS)]
    serializer_class = SessionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (in the plan's time zone)."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (in the plan's time zone)."),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[StudySession]:
        plan = get_object_or_404(selectors.plans_visible_to(current_user(self.request)), pk=self.kwargs["pk"])
        sessions = selectors.plan_sessions(plan)
        zone = ZoneInfo(plan.time_zone)
        first, last = _date_param(self.request, "from"), _date_param(self.request, "to")
        if first:
            sessions = sessions.filter(starts_at__gte=datetime.combine(first, datetime.min.time(), zone))
        if last:
            end = datetime.combine(last + timedelta(days=1), datetime.min.time(), zone)
            sessions = sessions.filter(starts_at__lt=end)
        return sessions


class SessionDetailApi(APIView):
    """Mark a session attended or missed: the newcomer for their own plan, or HR."""

    permission_classes = [roles(Role.NEWCOMER, Role.HR, Role.ADMIN)]

    @extend_schema(request=SessionMarkSerializer, responses={200: SessionSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plans = selectors.plans_visible_to(user)
        session = get_object_or_404(StudySession.objects.filter(plan__in=plans), pk=pk)
        serializer = SessionMarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_mark(session=session, status=serializer.validated_data["status"])
        return Response(SessionSerializer(session).data)


# Records added to a plan over time (self-study, level checks): whoever sees the plan lists them;
# ``writers`` add one to a plan ``plans_writable_by`` them. Subclasses name the records (the plan's
# related name) and the service that adds one. (Comments, not docstrings: a view's docstring becomes
# its operation's description in the API schema.)
class _PlanRecordListApi(generics.ListAPIView[Any]):
    permission_classes = [roles(*READERS)]
    records: str
    writers: tuple[str, ...]

    def get_permissions(self):  # type: ignore[no-untyped-def,unused-ignore]
        if self.request.method == "POST":
            return [roles(*self.writers)()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Any]:
        plan = get_object_or_404(selectors.plans_visible_to(current_user(self.request)), pk=self.kwargs["pk"])
        return getattr(plan, self.records).all()

    def plans_writable_by(self, user: User) -> QuerySet[LanguagePlan]:
        return selectors.plans_visible_to(user)

    def record_create(self, *, plan: LanguagePlan, user: User, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        plan = get_object_or_404(self.plans_writable_by(user), pk=pk)
        serializer_class = self.get_serializer_class()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = self.record_create(plan=plan, user=user, data=serializer.validated_data)
        return Response(serializer_class(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(post=extend_schema(request=StudyLogSerializer, responses={201: StudyLogSerializer}))
class StudyLogListApi(_PlanRecordListApi):
    serializer_class = StudyLogSerializer
    records = "study_logs"
    writers = (Role.NEWCOMER, Role.HR, Role.ADMIN)

    def record_create(self, *, plan: LanguagePlan, user: User, data: dict[str, Any]) -> Any:
        return services.study_log_create(plan=plan, **data)


@extend_schema_view(post=extend_schema(request=LevelCheckSerializer, responses={201: LevelCheckSerializer}))
class LevelCheckListApi(_PlanRecordListApi):
    serializer_class = LevelCheckSerializer
    records = "level_checks"
    writers = HR

    def plans_writable_by(self, user: User) -> QuerySet[LanguagePlan]:
        return selectors.plans_editable_by(user)

    def record_create(self, *, plan: LanguagePlan, user: User, data: dict[str, Any]) -> Any:
        return services.level_check_create(plan=plan, recorded_by=user, **data)


class MyLanguageApi(APIView):
    """The newcomer's phone view: the plan with progress, and this week's sessions."""

    permission_classes = [roles(Role.NEWCOMER)]

    @extend_schema(responses={200: MyLanguageSerializer}, operation_id="language_me")
    def get(self, request: Request) -> Response:
        user = current_user(request)
        zone_name = selectors.person_time_zone(user)
        plan = selectors.plan_of(user)
        body: dict[str, Any] = {
            "plan": None,
            "this_week": [],
            "time_zone": zone_name,
            "calendar_active": selectors.live_calendar_feed(user) is not None,
        }
        if plan is not None:
            body["plan"] = _plan_body(user, plan.pk)
            zone = ZoneInfo(zone_name)
            today = timezone.now().astimezone(zone).date()
            monday = today - timedelta(days=today.weekday())
            start = datetime.combine(monday, datetime.min.time(), zone)
            sessions = plan.sessions.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
            body["this_week"] = SessionSerializer(sessions, many=True).data
        return Response(body)


def _feed_urls(user: User, token: str) -> dict[str, str]:
    path = f"/api/language/calendar/{user.pk}/{token}.ics"
    url = settings.SITE_URL.rstrip("/") + path
    return {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


class CalendarFeedApi(APIView):
    """The person's secret calendar address: see whether one is live, make a new one, or stop it."""

    permission_classes = [roles(Role.NEWCOMER)]

    @extend_schema(responses={200: CalendarFeedSerializer}, operation_id="language_calendar_status")
    def get(self, request: Request) -> Response:
        feed = selectors.live_calendar_feed(current_user(request))
        return Response(
            {
                "active": feed is not None,
                "created_at": feed.created_at if feed else None,
                "last_used_at": feed.last_used_at if feed else None,
                "url": None,
                "webcal_url": None,
            }
        )

    @extend_schema(request=None, responses={201: CalendarFeedSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        feed, token = services.calendar_feed_issue(user=user)
        body = {
            "active": True,
            "created_at": feed.created_at,
            "last_used_at": None,
            **_feed_urls(user, token),
        }
        response = Response(CalendarFeedSerializer(body).data, status=status.HTTP_201_CREATED)
        return shown_once(response)

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        services.calendar_feed_revoke(user=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFileApi(APIView):
    """The calendar itself, for calendar apps. The secret token in the address is the login."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR), 404: None},
        operation_id="language_calendar_file",
    )
    def get(self, request: Request, user_id: int, token: str) -> HttpResponse:
        feed = selectors.calendar_feed_for(user_id=user_id, token=token)
        if feed is None:
            raise Http404
        services.calendar_feed_used(feed=feed)
        user = feed.user
        plan = LanguagePlan.objects.filter(profile__user=user).select_related("course").first()
        body = plan_calendar(plan, time_zone=selectors.person_time_zone(user), language=person_language(user))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="dutch-lessons.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class CourseListApi(generics.ListCreateAPIView[Course]):
    """Group courses with their seats: how many are taken and how many people wait."""

    permission_classes = [roles(*HR)]
    serializer_class = CourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.courses_visible_to(current_user(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = current_user(request)
        serializer = CourseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert user.organisation is not None
        course = services.course_create(organisation=user.organisation, **serializer.validated_data)
        course = self.get_queryset().get(pk=course.pk)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)


class CourseDetailApi(generics.RetrieveAPIView[Course]):
    permission_classes = [roles(*HR)]
    serializer_class = CourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.courses_visible_to(current_user(self.request))

    @extend_schema(request=CourseSerializer, responses={200: CourseSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        course = self.get_object()
        serializer = CourseSerializer(course, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.course_update(course=course, **serializer.validated_data)
        return Response(CourseSerializer(self.get_queryset().get(pk=pk)).data)


class CourseEnrolmentsApi(generics.GenericAPIView[Any]):
    """Who is enrolled, who waits (with their place); enrol a newcomer (a seat or the waiting list)."""

    permission_classes = [roles(*HR)]
    serializer_class = EnrolmentSerializer

    @extend_schema(responses={200: EnrolmentSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        course = get_object_or_404(selectors.courses_visible_to(current_user(request)), pk=pk)
        page = self.paginate_queryset(selectors.course_enrolments(course))  # type: ignore[arg-type]
        return self.get_paginated_response(EnrolmentSerializer(page, many=True).data)

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        course = get_object_or_404(selectors.courses_visible_to(user), pk=pk)
        serializer = EnrolmentCreateSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        enrolment = services.enrolment_create(course=course, profile=serializer.validated_data["newcomer"])
        row = next(e for e in selectors.course_enrolments(course) if e.pk == enrolment.pk)
        return Response(EnrolmentSerializer(row).data, status=status.HTTP_201_CREATED)


class EnrolmentDetailApi(APIView):
    permission_classes = [roles(*HR)]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        enrolment = get_object_or_404(selectors.enrolments_visible_to(current_user(request)), pk=pk)
        services.enrolment_cancel(enrolment=enrolment)
        return Response(status=status.HTTP_204_NO_CONTENT)
