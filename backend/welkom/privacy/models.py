from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet
from welkom.privacy.storage import private_storage

# Why an export failed: a code, stored; the reader gets the text in their language when they read it.
EXPORT_BUILD_FAILED = "build_failed"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being built"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class ExportRequest(TenantModel):
    """A person's request for a copy of all their data (right of access), built in the background."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True, max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.status})"


class ErasureRecord(TenantModel):
    """That a person was erased, by whom and when, with counts only: no personal text."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    erased_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    sources = models.JSONField(default=list, help_text="Names of the data sources that were erased.")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure of user {self.erased_user_id}"


class RetentionRule(TenantModel):
    """How many days an organisation keeps one kind of data (kinds are registered by the apps)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="retention_rules"
    )
    kind = models.CharField(max_length=60)
    keep_days = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="retention_kind_unique_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.keep_days} days"
