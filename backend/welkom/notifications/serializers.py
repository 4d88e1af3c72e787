from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from welkom.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "urgent", "created_at", "read_at"]


@extend_schema_serializer(component_name="NotificationPushKeys")
class PushKeysSerializer(serializers.Serializer[Any]):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)


class PushSubscriptionSerializer(serializers.Serializer[Any]):
    """What the browser's ``PushSubscription.toJSON()`` gives."""

    endpoint = serializers.URLField(max_length=1000)
    keys = PushKeysSerializer()

    def validate_endpoint(self, value: str) -> str:
        if not value.startswith("https://"):
            raise serializers.ValidationError("A push endpoint must use https.")
        return value


@extend_schema_serializer(component_name="NotificationPushConfig")
class PushConfigSerializer(serializers.Serializer[Any]):
    public_key = serializers.CharField(allow_blank=True)
    unread = serializers.IntegerField()
