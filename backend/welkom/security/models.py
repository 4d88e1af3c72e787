from __future__ import annotations

from django.db import models
from django.utils import timezone


class SecurityPolicy(models.Model):
    """An organisation's security settings. Missing row = the defaults below."""

    tenant_path = "organisation"

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="security_policy"
    )
    require_two_factor = models.BooleanField(
        default=False, help_text="HR and admin must log in with a code from an authenticator app."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "security policies"

    def __str__(self) -> str:
        return f"Security policy of {self.organisation_id}"
