"""Audio of a person's own words (their chat messages, their notifications) in export and erasure;
every audio file in retention (it is made again when someone asks for it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.privacy.storage import private_storage
from welkom.speech.models import SpeechAudio


def export_speech(user: User) -> dict[str, Any]:
    rows = SpeechAudio.objects.filter(person=user).order_by("created_at", "id")
    return {
        "audio_of_your_words": [
            {"language": row.language, "status": row.status, "created_at": row.created_at.isoformat()}
            for row in rows
        ]
    }


def erase_speech(user: User) -> None:
    for row in SpeechAudio.objects.filter(person=user):
        if row.audio:
            row.audio.delete(save=False)
        row.delete()


def purge_speech(organisation_id: int, before: datetime) -> int:
    """Audio made before ``before`` goes, row and file; the files once the rows' deletion is
    committed (a purge rolled back keeps both)."""
    old = SpeechAudio.objects.filter(organisation_id=organisation_id, updated_at__lt=before)
    files = [name for name in old.values_list("audio", flat=True) if name]
    deleted, _ = old.delete()
    storage = private_storage()

    def remove_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return deleted


def register() -> None:
    register_source(DataSource(name="speech", export=export_speech, erase=erase_speech))
    register_retention(
        RetentionKind(
            name="speech_audio",
            description="Audio made by the read-aloud voice; made again when someone asks for it.",
            default_days=30,
            purge=purge_speech,
        )
    )
