"""Reads of translation data, scoped to the caller's organisation."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from welkom.accounts.models import Organisation, Role, User
from welkom.core.statements import STR_SENTINELS, Statement
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


# --- The reads of every /translate request, compiled once per process (welkom.core.statements) ----
# Building their SQL was most of what the four reads of a request cost the web process
# (bench/README.md, seventh session).

_KEY_FIELDS = tuple(field.attname for field in ApiKey._meta.concrete_fields)
_ORGANISATION_FIELDS = tuple(field.attname for field in Organisation._meta.concrete_fields)
_API_KEY = Statement(
    "translation.api_key",
    lambda key_hash: ApiKey.objects.filter(key_hash=key_hash).values_list(
        *_KEY_FIELDS, *(f"organisation__{name}" for name in _ORGANISATION_FIELDS)
    ),
    kinds=(str,),
)


def api_key_with_hash(key_hash: str) -> ApiKey | None:
    """The key (revoked or not) with this hash, and its organisation, in one query: what
    ``ApiKey.objects.select_related("organisation").filter(key_hash=key_hash).first()`` gives."""
    row = _API_KEY.first(key_hash)
    if row is None:
        return None
    split = len(_KEY_FIELDS)
    key = ApiKey.from_db(DEFAULT_DB_ALIAS, list(_KEY_FIELDS), row[:split])
    key.organisation = Organisation.from_db(DEFAULT_DB_ALIAS, list(_ORGANISATION_FIELDS), row[split:])
    return key


# One statement per number of texts looked up (a text and its trimmed form: one or two per text).
# A statement has room for a few text keys (welkom.core.statements); bigger requests build theirs.
_MEMORY_MOST_HASHES = len(STR_SENTINELS) - 2
_MEMORY = {
    count: Statement(
        f"translation.memory_{count}",
        lambda organisation_id, source, target, *hashes: MemoryEntry.objects.filter(
            organisation_id=organisation_id,
            source_language=source,
            target_language=target,
            source_hash__in=list(hashes),
        ).values_list("source_text", "translated_text"),
        kinds=(int, str, str, *(str,) * count),
    )
    for count in range(1, _MEMORY_MOST_HASHES + 1)
}


def memory_approved(*, organisation_id: int, source: str, target: str, texts: set[str]) -> dict[str, str]:
    """The approved translations of any of ``texts`` from ``source`` into ``target``: text →
    translation (one query)."""
    hashes = sorted({source_hash(text) for text in texts})
    if not hashes:
        return {}
    statement = _MEMORY.get(len(hashes))
    if statement is not None:
        rows = statement.rows(organisation_id, source, target, *hashes)
    else:
        rows = list(
            MemoryEntry.objects.filter(
                organisation_id=organisation_id,
                source_language=source,
                target_language=target,
                source_hash__in=hashes,
            ).values_list("source_text", "translated_text")
        )
    return {original: translated for original, translated in rows if original in texts}


_ACRONYMS_OFF = Statement(
    "translation.acronyms_off",
    lambda organisation_id: TranslationSettings.objects.filter(
        organisation_id=organisation_id, keep_acronyms=False
    ).values_list("pk")[:1],
)


def keeps_acronyms(*, organisation: Organisation | None) -> bool:
    """Whether all-capital words of 2 to 6 letters stay out of the model (the default: yes)."""
    if organisation is None:
        return True
    return _ACRONYMS_OFF.first(organisation.pk) is None


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
