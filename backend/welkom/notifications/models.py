"""Notifications: an in-app inbox row per message, and one delivery row per channel.

A notification is unique per (recipient, dedupe_key) and a delivery per (notification, channel), so
a caller that asks twice for the same message (a retried task, two ticks at once) gets the row that
already exists instead of a second message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class DeliveryChannel(models.TextChoices):
    IN_APP = "in_app", "In the app"
    EMAIL = "email", "E-mail"
    PUSH = "push", "Web push"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent (no address or subscription)"
    FAILED = "failed", "Failed after retries"


class Notification(TenantModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, help_text="What it is about, e.g. journey_step, overdue.")
    params = models.JSONField(
        default=dict, blank=True, help_text="What the text is made of; rendered for the reader (texts.py)."
    )
    title = models.CharField(max_length=300, help_text="As first written; shown when there are no params.")
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="A path inside the app, e.g. /journey.")
    dedupe_key = models.CharField(max_length=120, help_text="Same key, same recipient: one message.")
    urgent = models.BooleanField(default=False, help_text="Urgent messages ignore quiet hours.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.title}"


class Delivery(models.Model):
    """One channel of one notification. Its status decides whether sending is still to do."""

    tenant_path = "notification__organisation"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    not_before = models.DateTimeField(default=timezone.now, help_text="Quiet hours move this forward.")
    queued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")
        ]
        indexes = [
            models.Index(fields=["not_before"], condition=Q(status="pending"), name="delivery_pending_idx")
        ]

    def __str__(self) -> str:
        return f"{self.channel} of {self.notification_id}: {self.status}"
