"""A file of arrivals that HR uploads: one import, one row per line of the file.

The rows are checked when the file is uploaded (the preview) and written only when HR confirms:
then the whole import is one transaction. The import's ``status`` under a row lock and its unique
``key`` make the background task safe to run twice (a second run finds the import done).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Checked, waiting for HR to confirm"
    QUEUED = "queued", "Confirmed, waiting for a worker"
    RUNNING = "running", "Being imported"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed; nothing was written"


class FileKind(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"


class ArrivalImport(TenantModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=10, choices=FileKind.choices)
    encoding = models.CharField(max_length=40, blank=True, help_text="How a CSV file was read.")
    columns = models.JSONField(default=list, help_text="The file's columns as Welkom understood them.")
    ignored_columns = models.JSONField(default=list, help_text="Headers Welkom does not know.")
    default_route = models.SlugField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    row_count = models.PositiveIntegerField(default=0)
    error_row_count = models.PositiveIntegerField(default=0)
    skip_invalid = models.BooleanField(default=False, help_text="Rows with errors are left out.")
    created_count = models.PositiveIntegerField(default=0)
    error = models.JSONField(
        default=dict, blank=True, help_text="Why the import failed: {row, code, params}."
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.file_name} ({self.status})"


class ArrivalImportRow(models.Model):
    tenant_path = "arrival_import__organisation"

    arrival_import = models.ForeignKey(ArrivalImport, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="The row number a spreadsheet shows (1 is the header).")
    values = models.JSONField(default=dict, help_text="{column: the text as it was in the file}")
    data = models.JSONField(default=dict, help_text="{field: checked value} for the profile service.")
    email = models.CharField(max_length=254, blank=True)
    errors = models.JSONField(default=list, help_text="[{column, code, params}]")
    profile = models.ForeignKey(
        "newcomers.NewcomerProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["arrival_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["arrival_import", "number"], name="arrival_import_row_unique")
        ]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"Row {self.number} of {self.arrival_import_id}"
