from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from welkom.arrivals import selectors, services
from welkom.arrivals.messages import ROW_MESSAGES, RUN_MESSAGES, render
from welkom.arrivals.models import ArrivalImport, ArrivalImportRow, ImportStatus
from welkom.newcomers.models import NewcomerProfile

COLUMN_CHOICES = [
    "full_name", "email", "phone", "languages", "country", "arrival_on", "first_day_on", "team",
    "municipality", "housing", "route", "permit_type", "short_stay",
]  # fmt: skip


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)
    encoding = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="Read a CSV file in this encoding (e.g. cp1250) instead of the one Welkom guesses.",
    )
    route = serializers.SlugField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="The journey for rows without one (a journey template's slug).",
    )


class ImportConfirmSerializer(serializers.Serializer[Any]):
    skip_invalid = serializers.BooleanField(
        required=False, default=False, help_text="Leave rows with errors out instead of refusing."
    )


class ImportErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ArrivalImportSerializer(serializers.ModelSerializer[ArrivalImport]):
    status = serializers.ChoiceField(choices=ImportStatus.choices, read_only=True)
    processed = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    columns = serializers.ListField(child=serializers.ChoiceField(choices=COLUMN_CHOICES), read_only=True)
    ignored_columns = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ArrivalImport
        fields = [
            "id",
            "file_name",
            "file_kind",
            "encoding",
            "columns",
            "ignored_columns",
            "default_route",
            "status",
            "row_count",
            "error_row_count",
            "skip_invalid",
            "processed",
            "total",
            "created_count",
            "error",
            "created_at",
            "confirmed_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_processed(self, arrival_import: ArrivalImport) -> int:
        return services.import_progress(arrival_import)

    def get_total(self, arrival_import: ArrivalImport) -> int:
        if arrival_import.skip_invalid:
            return arrival_import.row_count - arrival_import.error_row_count
        return arrival_import.row_count

    @extend_schema_field(ImportErrorSerializer(allow_null=True))
    def get_error(self, arrival_import: ArrivalImport) -> dict[str, Any] | None:
        error = arrival_import.error
        if not error:
            return None
        params = dict(error.get("params") or {})
        if error.get("row") is not None:
            reason = render(RUN_MESSAGES, error["code"], params)
            message = render(RUN_MESSAGES, "row_failed", {"row": error["row"], "reason": reason})
        else:
            message = render(RUN_MESSAGES, error["code"], params)
        return {"row": error.get("row"), "code": error["code"], "message": message}


class RowErrorSerializer(serializers.Serializer[Any]):
    column = serializers.ChoiceField(choices=COLUMN_CHOICES)
    code = serializers.CharField()
    message = serializers.CharField()


class ArrivalImportRowSerializer(serializers.ModelSerializer[ArrivalImportRow]):
    """A row of the file as it was read (values by column), with its errors."""

    values = serializers.DictField(child=serializers.CharField(allow_blank=True), read_only=True)
    profile = serializers.IntegerField(source="profile_id", read_only=True, allow_null=True)

    class Meta:
        model = ArrivalImportRow
        fields = ["id", "number", "values", "errors", "profile"]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # Declared here: as a class attribute it would hide Serializer.errors.
        fields["errors"] = serializers.SerializerMethodField(method_name="get_row_errors")
        return fields

    @extend_schema_field(RowErrorSerializer(many=True))
    def get_row_errors(self, row: ArrivalImportRow) -> list[dict[str, str]]:
        return [
            {
                "column": e["column"],
                "code": e["code"],
                "message": render(ROW_MESSAGES, e["code"], e["params"]),
            }
            for e in row.errors
        ]


ASPECT_STATES = ["done", "late", "open", "not_applicable"]
INVITATION_STATES = ["accepted", "invited", "expired", "not_invited"]


class CohortRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="user.email")
    team = serializers.SerializerMethodField()
    arrival_on = serializers.DateField(allow_null=True)
    first_day_on = serializers.DateField(allow_null=True)
    route = serializers.SerializerMethodField()
    invitation = serializers.SerializerMethodField()
    registered = serializers.SerializerMethodField()
    insured = serializers.SerializerMethodField()
    housed = serializers.SerializerMethodField()

    def get_name(self, profile: NewcomerProfile) -> str:
        return profile.user.full_name or profile.user.email

    def get_team(self, profile: NewcomerProfile) -> str | None:
        return profile.team.name if profile.team else None

    def get_route(self, profile: NewcomerProfile) -> str | None:
        plan = getattr(profile, "journey_plan", None)
        return plan.template_slug if plan is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=INVITATION_STATES))
    def get_invitation(self, profile: NewcomerProfile) -> str:
        return selectors.invitation_state(profile)

    @extend_schema_field(serializers.ChoiceField(choices=ASPECT_STATES))
    def get_registered(self, profile: NewcomerProfile) -> str:
        return selectors.aspect_state(profile, "registered")

    @extend_schema_field(serializers.ChoiceField(choices=ASPECT_STATES))
    def get_insured(self, profile: NewcomerProfile) -> str:
        return selectors.aspect_state(profile, "insured")

    @extend_schema_field(serializers.ChoiceField(choices=ASPECT_STATES))
    def get_housed(self, profile: NewcomerProfile) -> str:
        return selectors.aspect_state(profile, "housed")
