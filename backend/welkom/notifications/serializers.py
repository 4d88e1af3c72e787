from __future__ import annotations

from typing import Any

from rest_framework import serializers

from welkom.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "urgent", "created_at", "read_at"]


class UnreadSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField()
