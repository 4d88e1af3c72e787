"""Translation memory and API keys in exports and erasure.

Cached machine translations live in the cache only (keyed by a hash of the text) and expire after
TRANSLATION_CACHE_SECONDS; they cannot be listed per person, so they are not in the export."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.privacy.rows import mentions_of, organisation_id_of, rows
from welkom.translation.models import ApiKey, MemoryEntry


def export_translation(user: User) -> dict[str, Any]:
    return {
        "memory_approved": rows(MemoryEntry.objects.filter(approved_by=user)),
        "memory_about_you": rows(
            MemoryEntry.objects.filter(organisation_id=organisation_id_of(user))
            .filter(mentions_of(user, "source_text", "translated_text"))
            .exclude(approved_by=user)
        ),
        "api_keys_created": rows(ApiKey.objects.filter(created_by=user), exclude=("key_hash",)),
    }


def erase_translation(user: User) -> None:
    MemoryEntry.objects.filter(organisation_id=organisation_id_of(user)).filter(
        mentions_of(user, "source_text", "translated_text")
    ).delete()
    # Entries the person approved hold the organisation's wording, not theirs: they stay, and
    # approved_by points at the anonymised account. API keys belong to the organisation and stay too.


def register() -> None:
    register_source(DataSource(name="translation", export=export_translation, erase=erase_translation))
