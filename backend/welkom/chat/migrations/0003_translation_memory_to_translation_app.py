"""The chat kept its own translation memory; welkom.translation has the organisation's one memory.

Every chat entry is copied into translation.MemoryEntry (same organisation, language pair and text).
When both memories hold the same text and pair, the more recently approved translation wins.
Going back copies the entries of the one memory into the chat's table again."""

import hashlib

from django.db import migrations


def _hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chat_memory_into_translation(apps, schema_editor):
    ChatEntry = apps.get_model("chat", "TranslationMemoryEntry")
    MemoryEntry = apps.get_model("translation", "MemoryEntry")
    for old in ChatEntry.objects.order_by("pk").iterator():
        source_text = old.source_text.strip()
        key = {
            "organisation_id": old.organisation_id,
            "source_language": old.source_language,
            "target_language": old.target_language,
            "source_hash": _hash(source_text),
        }
        current = MemoryEntry.objects.filter(**key).first()
        if current is not None and current.updated_at >= old.approved_at:
            continue  # approved later on the translation pages: that wording stays
        if current is None:
            current = MemoryEntry.objects.create(
                **key,
                source_text=source_text,
                translated_text=old.translated_text,
                approved_by_id=old.approved_by_id,
            )
        # Keep when it was approved (auto_now fields are set by save(), so update() the dates).
        MemoryEntry.objects.filter(pk=current.pk).update(
            source_text=source_text,
            translated_text=old.translated_text,
            approved_by_id=old.approved_by_id,
            updated_at=old.approved_at,
            **({"created_at": old.approved_at} if current.created_at > old.approved_at else {}),
        )


def translation_memory_into_chat(apps, schema_editor):
    ChatEntry = apps.get_model("chat", "TranslationMemoryEntry")
    MemoryEntry = apps.get_model("translation", "MemoryEntry")
    for entry in MemoryEntry.objects.order_by("pk").iterator():
        source_text = entry.source_text.strip()
        if not source_text:
            continue
        ChatEntry.objects.update_or_create(
            organisation_id=entry.organisation_id,
            source_language=entry.source_language,
            target_language=entry.target_language,
            source_hash=_hash(source_text),
            defaults={
                "source_text": source_text,
                "translated_text": entry.translated_text,
                "approved_by_id": entry.approved_by_id,
                "approved_at": entry.updated_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("chat", "0002_team_channels_backfill"), ("translation", "0001_initial")]

    operations = [migrations.RunPython(chat_memory_into_translation, translation_memory_into_chat)]
