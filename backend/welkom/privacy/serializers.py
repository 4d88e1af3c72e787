from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from welkom.privacy.models import ErasureRecord, ExportRequest


class ExportRequestSerializer(serializers.ModelSerializer[ExportRequest]):
    # Why it failed, in the reader's language (the row keeps a code; rows from before the code kept
    # an English sentence, read the same way).
    error = serializers.SerializerMethodField()

    def get_error(self, export: ExportRequest) -> str:
        return gettext("Building the export failed; please ask again.") if export.error else ""

    class Meta:
        model = ExportRequest
        fields = ["id", "status", "progress", "size", "created_at", "finished_at", "expires_at", "error"]
        read_only_fields = fields


class ErasureCreateSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    confirm_email = serializers.CharField(max_length=254)


class ErasureRecordSerializer(serializers.ModelSerializer[ErasureRecord]):
    erased_by = serializers.IntegerField(source="erased_by_id", allow_null=True)
    erased_by_name = serializers.CharField(source="erased_by.display_name", allow_null=True)
    sources = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the data sources that were erased."
    )

    class Meta:
        model = ErasureRecord
        fields = ["id", "erased_user", "erased_by", "erased_by_name", "erased_at", "sources"]
        read_only_fields = fields


class RetentionSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    description = serializers.CharField()
    keep_days = serializers.IntegerField()
    default_days = serializers.IntegerField()


class RetentionWriteSerializer(serializers.Serializer[Any]):
    keep_days = serializers.IntegerField(min_value=0, max_value=36500)
