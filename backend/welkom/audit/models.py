"""Who viewed or changed whose personal data. Append-only: rows are written, never edited.

The application never updates or deletes an entry except through the retention job and erasure
(welkom.audit.services.audit_purge); on PostgreSQL a trigger refuses every other UPDATE or DELETE.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Action(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CHANGED = "changed", "Changed"
    CREATED = "created", "Created"
    DOWNLOADED = "downloaded", "Downloaded"
    EXPORTED = "exported", "Exported"
    ERASED = "erased", "Erased"
    REMOVED = "removed", "Removed"
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_REFUSED = "sign_in_refused", "Sign-in refused"
    SIGNED_OUT = "signed_out", "Signed out"


class AuditEntry(TenantModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    # No database constraint: entries outlive any deletion and are never cascaded or nulled.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # Empty for events about no one person: a refused sign-in of an unknown address, a setting.
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    object_type = models.CharField(max_length=60, help_text="What was looked at, e.g. newcomer_profile.")
    object_id = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["subject_user", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.object_type} {self.object_id} of {self.subject_user_id}"
