"""Checklist templates (content, global) and each newcomer's checklists (organisation data).

Templates come from ``content/checklists/`` and are shared by every organisation. A newcomer's
checklist item keeps its own *state* (status, note, due date, documents, retired or not); its text and
official source are read from the template item, so a corrected source reaches everyone. Template
items are archived, never deleted, so an item always has its text. No BSN or passport number is
ever stored: an item only records *whether* it is done.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.storage import RoutedStorage, documents_storage
from welkom.core.tenancy import TenantModel, TenantQuerySet


class Category(models.TextChoices):
    ADMIN = "admin", "Arrival and registration"
    HEALTH = "health", "Health"
    TAX = "tax", "Tax"
    HOUSING = "housing", "Housing"
    SCHOOL = "school", "School and childcare"


class ChecklistMilestone(models.TextChoices):
    """Items HR's board watches. Content marks them; the board reads them."""

    NONE = "", "None"
    ADDRESS = "address", "Has a registered address"
    SCHOOL_ENROLMENT = "school_enrolment", "Child enrolled at a school"


class DueAnchor(models.TextChoices):
    ARRIVAL = "arrival", "Arrival"
    FIRST_DAY = "first_day", "First working day"


class ChecklistTemplate(models.Model):
    tenant_path = None  # content shared by every organisation

    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveIntegerField(default=100)
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.JSONField(help_text="{locale: title}")
    intro = models.JSONField(default=dict, help_text="{locale: short introduction}")
    drafted = models.JSONField(
        default=list, blank=True, help_text="Languages drafted without a native speaker (content/_review)."
    )
    content_hash = models.CharField(max_length=64)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug


class ChecklistTemplateItem(models.Model):
    tenant_path = None

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    title = models.JSONField(help_text="{locale: title}")
    body_html = models.JSONField(help_text="{locale: safe HTML rendered from the Markdown file}")
    applies_when = models.JSONField(null=True, blank=True, help_text="A condition (see conditions.py).")
    per_child = models.JSONField(
        null=True, blank=True, help_text="{from, to}: one item per child of that age, else one item."
    )
    due_anchor = models.CharField(max_length=20, choices=DueAnchor.choices, blank=True)
    due_days = models.IntegerField(null=True, blank=True)
    documents = models.JSONField(default=dict, help_text="{locale: [document, ...]}")
    depends_on = models.JSONField(default=list, help_text="['template-slug/item-key', ...]")
    source_url = models.URLField(max_length=500)
    source_title = models.JSONField(default=dict)
    checked_on = models.DateField(
        null=True, blank=True, help_text="When the source was last checked; empty: not re-checked."
    )
    amounts = models.JSONField(default=list, help_text="[{key, label, value, unit, valid_from}]")
    milestone = models.CharField(max_length=30, choices=ChecklistMilestone.choices, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["template__order", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="checklist_item_key")]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"{self.template.slug}/{self.key}"


class MunicipalityNote(models.Model):
    """How to book the registration appointment and where the expat centre is, per gemeente."""

    tenant_path = None

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100)
    registration_url = models.URLField(max_length=500)
    expat_centre_name = models.CharField(max_length=200, blank=True)
    expat_centre_url = models.URLField(max_length=500, blank=True)
    notes = models.JSONField(default=dict, help_text="{locale: safe HTML}")
    item_notes = models.JSONField(default=dict, help_text="{'slug/key': {locale: safe HTML}}")
    drafted = models.JSONField(
        default=list, blank=True, help_text="Languages drafted without a native speaker (content/_review)."
    )
    checked_on = models.DateField(
        null=True, blank=True, help_text="When the links were last checked; empty: not re-checked."
    )
    content_hash = models.CharField(max_length=64)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Checklist(TenantModel):
    profile = models.ForeignKey(
        "newcomers.NewcomerProfile", on_delete=models.CASCADE, related_name="checklists"
    )
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["template__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "template"], name="one_checklist_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.template.slug} of {self.profile_id}"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


FINISHED = (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)


class RetiredReason(models.TextChoices):
    NO_LONGER_APPLIES = "no_longer_applies", "The profile changed and the item no longer applies"
    CHILD_REMOVED = "child_removed", "The child is no longer in the profile"
    REMOVED_FROM_CONTENT = "removed_from_content", "The item was removed from the checklist templates"


class ChecklistItem(models.Model):
    tenant_path = "checklist__organisation"

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(ChecklistTemplateItem, on_delete=models.PROTECT, related_name="+")
    child_key = models.CharField(
        max_length=150, blank=True, help_text="birth date|first name of the child this item is about"
    )
    child_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    not_applicable_reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    due_on = models.DateField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.CharField(max_length=30, choices=RetiredReason.choices, blank=True)
    retired_detail = models.JSONField(default=dict, blank=True, help_text="e.g. {'facts': ['has_partner']}")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["template_item__order", "child_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "template_item", "child_key"],
                name="one_item_per_template_item_and_child",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.template_item_id} ({self.status})"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ChecklistChange(models.Model):
    """What a profile change did to someone's checklists: shown to the newcomer and HR."""

    tenant_path = "profile__organisation"

    profile = models.ForeignKey(
        "newcomers.NewcomerProfile", on_delete=models.CASCADE, related_name="checklist_changes"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    profile_fields = models.JSONField(default=list, help_text="Profile fields whose change caused this.")
    added = models.ManyToManyField(ChecklistItem, related_name="+", blank=True)
    retired = models.ManyToManyField(ChecklistItem, related_name="+", blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Checklist change of {self.profile_id} at {self.changed_at}"


def private_storage() -> RoutedStorage:
    """Uploads have no public URL and are only served through the permission-checked view; kept in
    the ``documents`` store (a folder under MEDIA_ROOT, or the object storage: docs/scaling.md)."""
    return documents_storage()


def _document_path(instance: Any, filename: str) -> str:
    # Never the uploader's file name: a random name in a folder per organisation.
    return f"{instance.organisation_id}/{uuid.uuid4().hex}"


class ChecklistDocument(TenantModel):
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
