"""Audio of a person's own words (their chat messages, their notifications) in export and erasure."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
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


def register() -> None:
    register_source(DataSource(name="speech", export=export_speech, erase=erase_speech))
