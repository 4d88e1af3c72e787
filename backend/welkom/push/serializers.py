from __future__ import annotations

from typing import Any

from rest_framework import serializers

from welkom.push.models import PushSubscription


class PushKeysSerializer(serializers.Serializer[Any]):
    p256dh = serializers.RegexField(r"^[A-Za-z0-9_-]+={0,2}$", max_length=200)
    auth = serializers.RegexField(r"^[A-Za-z0-9_-]+={0,2}$", max_length=100)


class PushSubscribeSerializer(serializers.Serializer[Any]):
    """What ``PushSubscription.toJSON()`` gives in the browser."""

    # Where the endpoint may point is the service's check (welkom.push.addresses).

    endpoint = serializers.URLField(max_length=1000)
    keys = PushKeysSerializer()
    user_agent = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PushUnsubscribeSerializer(serializers.Serializer[Any]):
    endpoint = serializers.URLField(max_length=1000)


class PushSubscriptionSerializer(serializers.ModelSerializer[PushSubscription]):
    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "user_agent", "created_at", "last_success_at"]


class PushConfigSerializer(serializers.Serializer[Any]):
    enabled = serializers.BooleanField()
    public_key = serializers.CharField(allow_blank=True)
