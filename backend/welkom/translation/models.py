"""Per-organisation translation data: API keys, glossary entries and approved translations.

Language packages are files on disk (see :mod:`welkom.translation.packages`), one folder per process,
kept up to date from the package store (:class:`StoredPackage`, :mod:`welkom.translation.package_store`).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from welkom.core.storage import packages_storage
from welkom.core.tenancy import TenantModel, TenantQuerySet


class ApiKey(TenantModel):
    """A key for external clients (chat bots) of the LibreTranslate-style API. Only its hash is kept."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise the key.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class GlossaryEntry(TenantModel):
    """A term the organisation wants kept as written (empty translation) or translated one way."""

    term = models.CharField(max_length=100)
    translation = models.CharField(max_length=200, blank=True)
    source_language = models.CharField(max_length=10, blank=True, help_text="Empty: any language.")
    target_language = models.CharField(max_length=10, blank=True, help_text="Empty: any language.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term", "source_language", "target_language"],
                name="glossary_entry_unique_term_per_pair",
            )
        ]

    def __str__(self) -> str:
        return self.term


def source_hash(text: str) -> str:
    """How a memory entry's source text is looked up: the SHA-256 of the exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MemoryEntry(TenantModel):
    """An approved translation: used instead of the model for the same text and language pair.

    The one translation memory of an organisation: filled on the translation pages and by team
    leads correcting a translation in the chat's helper, read by ``/translate``, content and chat."""

    source_language = models.CharField(max_length=10)
    target_language = models.CharField(max_length=10)
    source_text = models.TextField()
    source_hash = models.CharField(max_length=64)
    translated_text = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_language", "target_language", "source_hash"],
                name="memory_entry_unique_source_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language} #{self.pk}"


class TranslationSettings(TenantModel):
    """An organisation's choices about what the model may translate. No row: the defaults."""

    keep_acronyms = models.BooleanField(
        default=True, help_text="Keep all-capital words of 2 to 6 letters (HR, IT, KPI) as written."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="translation_settings_one_per_organisation")
        ]

    def __str__(self) -> str:
        return f"translation settings of organisation {self.organisation_id}"


class PackageDownload(TenantModel):
    """A language package an admin downloads from the package index on the settings screen.

    Packages are installed for the whole server; the row belongs to the organisation of the admin who
    started it (their screen polls it). One download of a pair runs at a time on the server."""

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    ACTIVE = (State.QUEUED, State.RUNNING)

    from_code = models.CharField(max_length=10)
    to_code = models.CharField(max_length=10)
    package_version = models.CharField(max_length=40)
    url = models.URLField(max_length=1000)
    size = models.BigIntegerField(null=True, blank=True, help_text="As the index gives it.")
    sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    received_bytes = models.BigIntegerField(default=0)
    total_bytes = models.BigIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=30, blank=True)
    error = models.TextField(blank=True, help_text="What went wrong, for the operator (English).")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_code", "to_code"],
                condition=models.Q(state__in=["queued", "running"]),
                name="package_download_one_active_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_code}-{self.to_code} {self.package_version} ({self.state})"


class StoredPackage(models.Model):
    """A language package in the store every process installs from (welkom.translation.package_store).

    One row per pair: the archive in the ``packages`` store with its SHA-256, or, once removed, a
    row without an archive that tells every process to remove its copy."""

    tenant_path = None  # packages are installed for the whole server

    from_code = models.CharField(max_length=10)
    to_code = models.CharField(max_length=10)
    package_version = models.CharField(max_length=40)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the .argosmodel archive.")
    archive_bytes = models.BigIntegerField(default=0)
    file = models.FileField(storage=packages_storage, max_length=200, blank=True)
    stored_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["from_code", "to_code"]
        constraints = [
            models.UniqueConstraint(fields=["from_code", "to_code"], name="stored_package_one_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.package_version}" + (" (removed)" if self.removed_at else "")

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"
