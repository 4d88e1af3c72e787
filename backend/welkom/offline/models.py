"""Exactly-once for actions a phone queued while offline.

The browser app sends every queued write with an ``Idempotency-Key`` header (a random id made when
the person took the action). The first request with that key runs and its response is stored here,
in the same transaction as the change itself; a repeat of the key (the phone did not hear the first
answer) gets the stored response back and changes nothing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    tenant_path = "user__organisation"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    secret_withheld = models.BooleanField(
        default=False, help_text="The answer carried a secret shown once: not stored, not replayed."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="offline_idempotency_unique_key")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
