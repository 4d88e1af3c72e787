"""The chat's own translation memory moved into welkom.translation's (migrations chat 0003/0004)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from welkom.translation.models import MemoryEntry, source_hash

BEFORE = [("chat", "0002_team_channels_backfill")]


def _at(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_chat_entries_move_into_the_one_translation_memory(org_a):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state([*BEFORE, ("translation", "0001_initial")]).apps
        ChatEntry = old.get_model("chat", "TranslationMemoryEntry")
        OldMemoryEntry = old.get_model("translation", "MemoryEntry")
        organisation, lead = org_a.organisation.pk, org_a["team_lead"].pk

        def chat_entry(text: str, translated: str, year: int) -> None:
            ChatEntry.objects.create(
                organisation_id=organisation,
                source_language="en",
                target_language="nl",
                source_text=text,
                source_hash=source_hash(text),
                translated_text=translated,
                approved_by_id=lead,
                approved_at=_at(year),
                times_used=3,
            )

        def page_entry(text: str, translated: str, year: int) -> None:
            entry = OldMemoryEntry.objects.create(
                organisation_id=organisation,
                source_language="en",
                target_language="nl",
                source_text=text,
                source_hash=source_hash(text),
                translated_text=translated,
                approved_by_id=org_a["hr"].pk,
            )
            OldMemoryEntry.objects.filter(pk=entry.pk).update(updated_at=_at(year), created_at=_at(year))

        chat_entry("Bring your ID card", "Neem je ID-kaart mee", 2026)  # only in the chat
        page_entry("Lunch is at noon", "Lunch om twaalf uur", 2025)  # older on the pages …
        chat_entry("Lunch is at noon", "De lunch is om 12 uur", 2026)  # … the chat's newer one wins
        page_entry("See you tomorrow", "Tot morgen!", 2027)  # newer on the pages: stays
        chat_entry("See you tomorrow", "Tot morgen", 2026)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    entries = {
        entry.source_text: entry
        for entry in MemoryEntry.objects.filter(organisation=org_a.organisation, target_language="nl")
    }
    assert {text: entry.translated_text for text, entry in entries.items()} == {
        "Bring your ID card": "Neem je ID-kaart mee",
        "Lunch is at noon": "De lunch is om 12 uur",
        "See you tomorrow": "Tot morgen!",
    }
    moved = entries["Bring your ID card"]
    assert (moved.approved_by_id, moved.updated_at, moved.source_language) == (
        org_a["team_lead"].pk,
        _at(2026),
        "en",
    )
    assert entries["See you tomorrow"].approved_by_id == org_a["hr"].pk
    assert "chat_translationmemoryentry" not in connection.introspection.table_names()
