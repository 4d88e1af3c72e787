from __future__ import annotations

from typing import Any

from rest_framework import serializers

from welkom.notifications.models import Notification
from welkom.notifications.texts import Reader, notification_text


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    """Title and body are rendered for the person reading them (``context["request"].user``)."""

    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "urgent", "created_at", "read_at"]

    def _text(self, obj: Notification) -> tuple[str, str]:
        cache = self.context.setdefault("_texts", {})
        if obj.pk not in cache:
            reader = self.context.get("_reader")
            if reader is None:
                request = self.context.get("request")
                user = getattr(request, "user", None)
                reader = Reader.of(user) if user is not None and user.is_authenticated else None
                self.context["_reader"] = reader
            cache[obj.pk] = notification_text(obj, reader)
        return cache[obj.pk]

    def get_title(self, obj: Notification) -> str:
        return self._text(obj)[0]

    def get_body(self, obj: Notification) -> str:
        return self._text(obj)[1]


class UnreadSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField()
