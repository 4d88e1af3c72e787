from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.api.permissions import current_user
from welkom.notifications import selectors, services
from welkom.notifications.models import Notification
from welkom.notifications.serializers import (
    NotificationSerializer,
    PushConfigSerializer,
    PushSubscriptionSerializer,
)


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
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(recipient=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PushConfigApi(APIView):
    """The VAPID public key the browser subscribes with, and the unread count for the badge."""

    @extend_schema(responses={200: PushConfigSerializer})
    def get(self, request: Request) -> Response:
        user = current_user(request)
        return Response(
            {"public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY, "unread": selectors.unread_count(user)}
        )


class PushSubscriptionApi(APIView):
    @extend_schema(request=PushSubscriptionSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        serializer = PushSubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.push_subscription_save(
            user=current_user(request), endpoint=data["endpoint"], p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
        )  # fmt: skip
        return Response(status=status.HTTP_201_CREATED)
