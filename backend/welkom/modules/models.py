"""Culture modules: global content loaded from content/modules/, and per-organisation progress.

A :class:`Module` and its :class:`ModuleTranslation` rows are the same for every organisation (they
come from files under version control), so they are global (``tenant_path = None``). What people do
with a module — :class:`ModuleProgress` and :class:`QuizAnswer` — is organisation data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Audience(models.TextChoices):
    NEWCOMER = "newcomer", "Newcomers"
    COLLEAGUE = "colleague", "Colleagues"
    BOTH = "both", "Newcomers and colleagues"


class Module(models.Model):
    tenant_path = None  # global content, the same for every organisation

    slug = models.SlugField(max_length=80, unique=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    topic = models.CharField(max_length=80)
    stage = models.CharField(max_length=40, help_text="Journey stage it belongs to, e.g. first-week.")
    minutes = models.PositiveSmallIntegerField()
    tags = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    source_locale = models.CharField(max_length=10, default="en")
    # Quiz structure without any text: [{"key", "kind": single|multiple, "options": [ids], "correct": [ids]}]
    quiz = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def question(self, key: str) -> dict | None:
        return next((question for question in self.quiz if question["key"] == key), None)


class ModuleTranslationStatus(models.TextChoices):
    HUMAN = "human", "Written by a person"
    MACHINE_UNREVIEWED = "machine_unreviewed", "Machine-translated, not reviewed"
    APPROVED = "approved", "Machine-translated, reviewed and approved"


class ModuleTranslation(models.Model):
    """Everything a reader sees of a module in one language.

    Human translations come from ``<locale>.md`` and the texts in ``module.yaml``; they are rewritten
    by every sync. Machine translations are made by :func:`welkom.modules.services.
    module_machine_translate`, reviewed and approved by HR or an admin in the Django admin.
    """

    tenant_path = None

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="translations")
    locale = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=ModuleTranslationStatus.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML, rendered from the body.")
    # {"south-asia": "Markdown", ...}; rendered when read.
    region_notes = models.JSONField(default=dict, blank=True)
    reflection = models.JSONField(default=list, blank=True, help_text="Reflection questions, one per item.")
    # {question key: {"question": str, "options": {option id: str}, "explanation": str}}
    quiz_text = models.JSONField(default=dict, blank=True)
    # The module's content hash this text was made from; a machine translation of older text is outdated.
    source_hash = models.CharField(max_length=64, blank=True)
    # False for a text from a file that content/_review/<lang>.yaml lists: drafted without a native
    # speaker (the reader sees "not yet checked by a native speaker").
    reviewed = models.BooleanField(default=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module", "locale"]
        constraints = [
            models.UniqueConstraint(fields=["module", "locale"], name="module_translation_unique_locale")
        ]

    def __str__(self) -> str:
        return f"{self.module.slug} [{self.locale}]"

    @property
    def is_machine(self) -> bool:
        return self.status != ModuleTranslationStatus.HUMAN

    @property
    def is_outdated(self) -> bool:
        return self.is_machine and self.source_hash != self.module.content_hash


class ProgressStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class ModuleProgress(TenantModel):
    """One person's progress in one module. Kept when a module is archived."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="module_progress"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.IN_PROGRESS
    )
    # Where the reader stopped: how far down the text (0-100) and the last section heading seen.
    percent = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="module_progress_unique")]
        indexes = [models.Index(fields=["organisation", "module", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.module}"


class QuizAnswer(models.Model):
    """A person's answer to one quiz question. ``first_correct`` feeds the most-missed report."""

    tenant_path = "progress__organisation"

    progress = models.ForeignKey(ModuleProgress, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=80)
    chosen = models.JSONField(default=list)
    correct = models.BooleanField()
    first_correct = models.BooleanField()
    attempts = models.PositiveSmallIntegerField(default=1)
    answered_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["progress", "question_key"]
        constraints = [
            models.UniqueConstraint(fields=["progress", "question_key"], name="quiz_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.progress} · {self.question_key}"
