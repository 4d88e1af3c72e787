"""Reads of translation data, scoped to the caller's organisation."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from welkom.accounts.models import Organisation, Role, User
from welkom.core.tenancy import for_tenant
from welkom.translation.models import (
    ApiKey,
    GlossaryEntry,
    MemoryEntry,
    PackageDownload,
    TranslationSettings,
    source_hash,
)


def api_keys_visible_to(user: User) -> QuerySet[ApiKey]:
    return for_tenant(ApiKey.objects.all(), user).select_related("created_by")


def glossary_entries_visible_to(user: User) -> QuerySet[GlossaryEntry]:
    """HR and admin manage the organisation's glossary; nobody else reads it (the engine applies it
    server-side, welkom.translation.glossary)."""
    if user.role not in (Role.HR, Role.ADMIN):
        return GlossaryEntry.objects.none()
    return for_tenant(GlossaryEntry.objects.all(), user)


def memory_entries_visible_to(user: User) -> QuerySet[MemoryEntry]:
    return for_tenant(MemoryEntry.objects.all(), user).select_related("approved_by")


def memory_translations(
    *, organisation_id: int, source: str, targets: Iterable[str], text: str
) -> dict[str, str]:
    """The approved translations of exactly ``text`` from ``source``, by target language, for
    those of ``targets`` that have one (one query)."""
    entries = MemoryEntry.objects.filter(
        organisation_id=organisation_id,
        source_language=source,
        target_language__in=list(targets),
        source_hash=source_hash(text),
    ).values_list("target_language", "source_text", "translated_text")
    return {target: translated for target, original, translated in entries if original == text}


def keeps_acronyms(*, organisation: Organisation | None) -> bool:
    """Whether all-capital words of 2 to 6 letters stay out of the model (the default: yes)."""
    if organisation is None:
        return True
    return not TranslationSettings.objects.filter(organisation=organisation, keep_acronyms=False).exists()


def translation_settings_of(*, organisation: Organisation) -> TranslationSettings:
    """The organisation's settings row, or an unsaved one with the defaults."""
    found = TranslationSettings.objects.filter(organisation=organisation).first()
    return found or TranslationSettings(organisation=organisation)


def package_downloads_visible_to(user: User) -> QuerySet[PackageDownload]:
    """Downloads started by admins of the caller's organisation (packages themselves are the
    server's; who started what is the organisation's)."""
    if user.role != Role.ADMIN:
        return PackageDownload.objects.none()
    return for_tenant(PackageDownload.objects.all(), user)
