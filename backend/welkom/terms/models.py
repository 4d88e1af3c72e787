"""Dutch words explained: global content loaded from content/terms/ (the same for every organisation)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class Term(models.Model):
    tenant_path = None  # global content

    key = models.SlugField(max_length=80, unique=True)
    term = models.CharField(max_length=120, help_text="How it is written in Dutch.")
    say = models.CharField(max_length=120, blank=True, help_text="How to say it, in syllables.")
    also = models.JSONField(default=list, blank=True, help_text="Other written forms that are marked too.")
    source_url = models.URLField(max_length=500, blank=True)
    explanation = models.JSONField(help_text="{locale: one-line explanation}")
    drafted = models.JSONField(
        default=list, blank=True, help_text="Locales drafted without a native speaker."
    )
    order = models.PositiveSmallIntegerField(default=0)
    content_hash = models.CharField(max_length=64)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Term]] = models.Manager()

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.term
