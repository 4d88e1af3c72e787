""" "Did this help?": one answer per person and item (a module, journey step, checklist item or term)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class ItemKind(models.TextChoices):
    MODULE = "module", "Module"
    STEP = "step", "Journey step"
    CHECKLIST_ITEM = "checklist_item", "Checklist item"
    TERM = "term", "Term"


class ContentFeedback(TenantModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    # The item's key: a module's slug, a term's key, a checklist item's template "checklist/item",
    # a journey step's template key (so answers about the same content add up across people).
    key = models.CharField(max_length=200)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="feedback_one_per_item")]
        indexes = [models.Index(fields=["organisation", "kind", "key"])]
