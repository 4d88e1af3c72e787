from __future__ import annotations

from rest_framework import serializers

from welkom.audit.models import AuditEntry


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
    subject_user = AuditPersonSerializer()

    class Meta(AuditEntrySerializer.Meta):
        fields = [*AuditEntrySerializer.Meta.fields, "subject_user"]
        read_only_fields = fields
