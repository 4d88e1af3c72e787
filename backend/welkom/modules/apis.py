"""Thin views: the library, a module, reading progress, quiz answers, finishing, and HR reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.audit.models import Action
from welkom.audit.services import audit_record, audit_record_many
from welkom.core.language import parse_language
from welkom.modules import selectors, services
from welkom.modules.models import Module
from welkom.modules.serializers import (
    AnswerFeedbackSerializer,
    AnswerWriteSerializer,
    MissedQuestionSerializer,
    ModuleCompletionSerializer,
    ModuleDetailSerializer,
    ModuleSummarySerializer,
    NewcomerCompletionSerializer,
    NewcomerModuleProgressSerializer,
    ProgressSerializer,
    ProgressWriteSerializer,
)

LANG = OpenApiParameter("lang", OpenApiTypes.STR, description="Language to read in (default: the user's).")
HR_ONLY = [roles(Role.HR, Role.ADMIN)]


def _locale(request: Request) -> list[str]:
    """The reader's languages, best first; ``?lang=`` (a language Welkom has, else 400) first."""
    lang = request.query_params.get("lang")
    requested = parse_language(lang, field="lang") if lang is not None else None
    return selectors.reader_locale(current_user(request), requested)


def _module(request: Request, slug: str) -> Module:
    return get_object_or_404(selectors.modules_for(current_user(request)), slug=slug)


class ModuleListApi(generics.ListAPIView[Module]):
    """The library: modules for the caller's audience, in their language, with their progress."""

    serializer_class = ModuleSummarySerializer

    def get_queryset(self) -> QuerySet[Module]:
        modules = selectors.modules_for(current_user(self.request))
        stage = self.request.query_params.get("stage")
        return modules.filter(stage=stage) if stage else modules

    @extend_schema(parameters=[LANG, OpenApiParameter("stage", OpenApiTypes.STR)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user, locale = current_user(request), _locale(request)
        page = self.paginate_queryset(self.get_queryset())
        data = [selectors.module_summary(module, user=user, locale=locale) for module in page or []]
        return self.get_paginated_response(ModuleSummarySerializer(data, many=True).data)


class ModuleDetailApi(generics.GenericAPIView[Module]):
    serializer_class = ModuleDetailSerializer

    @extend_schema(parameters=[LANG], responses={200: ModuleDetailSerializer})
    def get(self, request: Request, slug: str) -> Response:
        user = current_user(request)
        data = selectors.module_detail(_module(request, slug), user=user, locale=_locale(request))
        return Response(ModuleDetailSerializer(data).data)


class ModuleProgressApi(generics.GenericAPIView[Module]):
    """Remember where the reader stopped (to resume there)."""

    serializer_class = ProgressWriteSerializer

    @extend_schema(request=ProgressWriteSerializer, responses={200: ProgressSerializer})
    def post(self, request: Request, slug: str) -> Response:
        module = _module(request, slug)
        serializer = ProgressWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        progress = services.progress_update(
            user=current_user(request), module=module, **serializer.validated_data
        )
        return Response(ProgressSerializer(selectors._progress_data(progress)).data)


class QuizAnswerApi(generics.GenericAPIView[Module]):
    """Score one answer on the server and say right away whether it was right, and why."""

    serializer_class = AnswerWriteSerializer

    @extend_schema(
        request=AnswerWriteSerializer, responses={200: AnswerFeedbackSerializer}, parameters=[LANG]
    )
    def post(self, request: Request, slug: str, key: str) -> Response:
        user = current_user(request)
        module = _module(request, slug)
        serializer = AnswerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.quiz_answer(
            user=user,
            module=module,
            question_key=key,
            choices=serializer.validated_data["choices"],
            version=serializer.validated_data.get("version"),
        )
        choice = selectors.best_translation(module, locale=_locale(request))
        return Response(AnswerFeedbackSerializer(selectors.answer_feedback(module, choice, answer)).data)


class ModuleCompleteApi(generics.GenericAPIView[Module]):
    serializer_class = ProgressSerializer

    @extend_schema(request=None, responses={200: ProgressSerializer})
    def post(self, request: Request, slug: str) -> Response:
        progress = services.module_complete(user=current_user(request), module=_module(request, slug))
        return Response(ProgressSerializer(selectors._progress_data(progress)).data)


# --- HR reports ------------------------------------------------------------------------------------


class NewcomerCompletionApi(generics.ListAPIView[Any]):
    """Completion per newcomer."""

    permission_classes = HR_ONLY
    serializer_class = NewcomerCompletionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.newcomer_completion(current_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        available = selectors.newcomer_modules_available()
        page = self.paginate_queryset(self.get_queryset()) or []
        audit_record_many(
            actor=current_user(request),
            action=Action.VIEWED,
            entries=[(person.pk, "module_progress", person.pk) for person in page],
        )
        rows = [
            {
                "id": person.pk,
                "full_name": person.full_name,
                "email": person.email,
                "modules_completed": person.modules_completed,
                "modules_in_progress": person.modules_in_progress,
                "modules_available": available,
                "last_activity": person.last_activity,
            }
            for person in page
        ]
        return self.get_paginated_response(NewcomerCompletionSerializer(rows, many=True).data)


@extend_schema_view(get=extend_schema(operation_id="modules_reports_newcomer_progress", parameters=[LANG]))
class NewcomerProgressApi(generics.ListAPIView[Any]):
    """One newcomer's progress per module."""

    permission_classes = HR_ONLY
    serializer_class = NewcomerModuleProgressSerializer

    def get_queryset(self) -> QuerySet[Any]:
        user = current_user(self.request)
        newcomer = get_object_or_404(selectors.reportable_newcomers(user), pk=self.kwargs["pk"])
        audit_record(
            actor=user,
            action=Action.VIEWED,
            subject_user=newcomer,
            object_type="module_progress",
            object_id=newcomer.pk,
        )
        return selectors.newcomer_progress(user, newcomer)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        locale = _locale(request)
        page = self.paginate_queryset(self.get_queryset()) or []
        rows = [
            {
                "slug": progress.module.slug,
                "title": selectors.best_translation(progress.module, locale=locale).translation.title,
                "status": progress.status,
                "percent": progress.percent,
                "last_seen_at": progress.last_seen_at,
                "completed_at": progress.completed_at,
                "quiz_answered": progress.quiz_answered,
                "quiz_first_correct": progress.quiz_first_correct,
            }
            for progress in page
        ]
        return self.get_paginated_response(NewcomerModuleProgressSerializer(rows, many=True).data)


@extend_schema_view(get=extend_schema(parameters=[LANG]))
class ModuleCompletionApi(generics.ListAPIView[Any]):
    """Completion per module within the organisation."""

    permission_classes = HR_ONLY
    serializer_class = ModuleCompletionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.module_completion(current_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        locale = _locale(request)
        page = self.paginate_queryset(self.get_queryset()) or []
        rows = [
            {
                "slug": module.slug,
                "title": selectors.best_translation(module, locale=locale).translation.title,
                "audience": module.audience,
                "started": module.started,
                "completed": module.completed,
            }
            for module in page
        ]
        return self.get_paginated_response(ModuleCompletionSerializer(rows, many=True).data)


@extend_schema_view(get=extend_schema(parameters=[LANG]))
class MissedQuestionsApi(generics.ListAPIView[Any]):
    """Quiz questions most often answered wrong at the first attempt, most missed first."""

    permission_classes = HR_ONLY
    serializer_class = MissedQuestionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.most_missed_questions(current_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        locale = _locale(request)
        page = self.paginate_queryset(self.get_queryset()) or []
        texts = selectors.question_texts({row["progress__module_id"] for row in page}, locale=locale)
        rows = []
        for row in page:
            title, question = texts.get((row["progress__module_id"], row["question_key"]), ("", ""))
            rows.append(
                {
                    "module": row["progress__module__slug"],
                    "module_title": title or row["progress__module__slug"],
                    "question_key": row["question_key"],
                    "question": question or row["question_key"],
                    "answered": row["answered"],
                    "missed": row["missed"],
                }
            )
        return self.get_paginated_response(MissedQuestionSerializer(rows, many=True).data)
