"""Thin views: a newcomer answers "did this help?" and reads their own answers; HR reads the summary."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.feedback import selectors, services
from welkom.feedback.models import ContentFeedback
from welkom.feedback.serializers import FeedbackSerializer, FeedbackWriteSerializer, ItemSummarySerializer


class FeedbackApi(generics.ListAPIView[ContentFeedback]):
    """GET: the caller's own answers. POST: answer (or change the answer) for one item."""

    permission_classes = [roles(Role.NEWCOMER)]
    serializer_class = FeedbackSerializer

    def get_queryset(self) -> Any:
        return selectors.own_feedback(current_user(self.request)).order_by("kind", "key")

    @extend_schema(request=FeedbackWriteSerializer, responses={200: FeedbackSerializer})
    def post(self, request: Request) -> Response:
        serializer = FeedbackWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.feedback_give(user=current_user(request), **serializer.validated_data)
        return Response(FeedbackSerializer(feedback).data)


class FeedbackSummaryApi(generics.ListAPIView[Any]):
    """Per item of the organisation: helpful / not helpful, and the comments in the reader's language."""

    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = ItemSummarySerializer

    def get_queryset(self) -> Any:
        return selectors.summary_for_hr(current_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = current_user(request)
        page = self.paginate_queryset(self.get_queryset()) or []
        comments = [row.comment for item in page for row in item.comments]
        translated = iter(services.comments_translated(user=user, comments=comments))
        data = [
            {
                "kind": item.kind,
                "key": item.key,
                "title": item.title,
                "helpful": item.helpful,
                "not_helpful": item.not_helpful,
                "comments": [
                    {
                        "text": row.comment,
                        "translated": next(translated),
                        "helpful": row.helpful,
                        "updated_at": row.updated_at,
                    }
                    for row in item.comments
                ],
            }
            for item in page
        ]
        return self.get_paginated_response(ItemSummarySerializer(data, many=True).data)
