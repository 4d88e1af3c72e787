from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.permissions import current_user
from welkom.notifications import selectors, services
from welkom.notifications.models import Notification
from welkom.notifications.serializers import NotificationSerializer, UnreadSerializer


class InboxApi(generics.ListAPIView[Notification]):
    """The caller's own notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.inbox(current_user(self.request))


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses={200: NotificationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(selectors.inbox(current_user(request)), pk=pk)
        services.notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationReadAllApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(recipient=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnreadApi(APIView):
    """How many notifications the caller has not read yet (for the badge)."""

    @extend_schema(responses={200: UnreadSerializer})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(current_user(request))})
