from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.permissions import current_user
from welkom.push import selectors, services
from welkom.push.models import PushSubscription
from welkom.push.serializers import (
    PushConfigSerializer,
    PushSubscribeSerializer,
    PushSubscriptionSerializer,
    PushUnsubscribeSerializer,
)


class PushConfigApi(APIView):
    """Whether web push is set up, and the server's VAPID public key for ``pushManager.subscribe``."""

    @extend_schema(responses={200: PushConfigSerializer}, operation_id="push_config")
    def get(self, request: Request) -> Response:
        from django.conf import settings

        enabled = selectors.push_enabled()
        data = {"enabled": enabled, "public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY if enabled else ""}
        return Response(PushConfigSerializer(data).data)


class PushSubscriptionListApi(generics.ListAPIView[Any]):
    """The caller's devices that receive notifications; POST adds this device."""

    serializer_class = PushSubscriptionSerializer

    def get_queryset(self) -> QuerySet[PushSubscription]:
        return selectors.subscriptions_of(current_user(self.request))

    @extend_schema(request=PushSubscribeSerializer, responses={201: PushSubscriptionSerializer})
    def post(self, request: Request) -> Response:
        serializer = PushSubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription = services.subscription_save(
            user=current_user(request),
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
            user_agent=data.get("user_agent", ""),
        )
        return Response(PushSubscriptionSerializer(subscription).data, status=status.HTTP_201_CREATED)


class PushUnsubscribeApi(APIView):
    @extend_schema(request=PushUnsubscribeSerializer, responses={204: None}, operation_id="push_unsubscribe")
    def post(self, request: Request) -> Response:
        serializer = PushUnsubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.subscription_delete(
            user=current_user(request), endpoint=serializer.validated_data["endpoint"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
