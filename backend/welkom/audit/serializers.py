from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from welkom.audit.models import Action, AuditEntry


class AuditPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    actor = AuditPersonSerializer(allow_null=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_role", "action", "object_type", "object_id"]
        read_only_fields = fields


class AuditEntryWithSubjectSerializer(AuditEntrySerializer):
    subject_user = AuditPersonSerializer(allow_null=True)

    class Meta(AuditEntrySerializer.Meta):
        fields = [*AuditEntrySerializer.Meta.fields, "subject_user"]
        read_only_fields = fields


class AuditFilterSerializer(serializers.Serializer[Any]):
    """The audit list's query parameters; each one narrows the list."""

    subject = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Only entries about this person."
    )
    actor = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Only entries by this person."
    )
    action = serializers.ChoiceField(
        choices=Action.choices, required=False, allow_blank=True, help_text="Only this action."
    )
    since = serializers.DateField(
        required=False, help_text="From this day (YYYY-MM-DD, in the reader's time zone)."
    )
    until = serializers.DateField(
        required=False, help_text="Up to and including this day (YYYY-MM-DD, in the reader's time zone)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until < since:
            raise serializers.ValidationError({"until": [gettext("Must be on or after the first day.")]})
        return attrs
