"""The server's voice: asking for audio of an item (queued once per text and language) and making it
with espeak-ng in a Celery job."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import wave
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welkom.accounts.models import User
from welkom.core.errors import ApiError
from welkom.speech.models import SpeechAudio, SpeechStatus
from welkom.speech.prepare import as_ssml, prepare
from welkom.speech.sources import source_text
from welkom.terms.selectors import terms_available

VOICE_VERSION = "espeak-ng-1"
MAX_ATTEMPTS = 3
MAX_CHARS = 20000
# espeak-ng's voice for each of Welkom's languages.
VOICES = {"en": "en", "nl": "nl", "pl": "pl", "ro": "ro", "bg": "bg", "uk": "uk", "tr": "tr", "ar": "ar"}


class SpeechFailed(Exception):
    """espeak-ng is missing, failed or made no sound."""


def _term_forms() -> list[str]:
    forms: list[str] = []
    for term, also in terms_available().values_list("term", "also"):
        forms.extend([term, *(also or [])])
    return forms


def speech_for(*, user: User, kind: str, ref: str, language: str) -> tuple[str, str, int | None]:
    """(language, SSML, whose words) of what the server's voice reads for an item ``user`` may
    read; 404 else."""
    source = source_text(user, kind=kind, ref=ref, language=language)
    if source is None or not source.text.strip() or user.organisation_id is None:
        raise ApiError(_("There is no such item for you."), code="not_found", status_code=404)
    spoken = source.language if source.language in VOICES else "en"
    segments = prepare(source.text[:MAX_CHARS], spoken, terms=_term_forms())
    return spoken, as_ssml(segments, spoken), source.person_id


def _key(language: str, ssml: str, person_id: int | None) -> str:
    """One row per text, language and (for a person's own words) person."""
    return hashlib.sha256(f"{VOICE_VERSION}\n{language}\n{person_id or ''}\n{ssml}".encode()).hexdigest()


def speech_request(
    *, user: User, kind: str, ref: str, language: str, now: datetime | None = None
) -> SpeechAudio:
    """The audio row of an item's text, made (queued) the first time it is asked for. A row that
    failed is queued again while it has attempts left."""
    from welkom.speech.tasks import speech_synthesise

    spoken, ssml, person_id = speech_for(user=user, kind=kind, ref=ref, language=language)
    now = now or timezone.now()
    with transaction.atomic():
        audio, created = SpeechAudio.objects.select_for_update().get_or_create(
            organisation_id=user.organisation_id,
            key=_key(spoken, ssml, person_id),
            defaults={
                "language": spoken,
                "ssml": ssml,
                "person_id": person_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        again = audio.status == SpeechStatus.FAILED and audio.attempts < MAX_ATTEMPTS
        if again:
            audio.status = SpeechStatus.PENDING
            audio.updated_at = now
            audio.save(update_fields=["status", "updated_at"])
        if created or again:
            transaction.on_commit(lambda: speech_synthesise.delay(audio.pk))
    return audio


def speech_audio_for(*, user: User, kind: str, ref: str, language: str) -> SpeechAudio:
    """The ready audio of an item ``user`` may read; 404 when they may not or it is not made yet."""
    spoken, ssml, person_id = speech_for(user=user, kind=kind, ref=ref, language=language)
    audio = None
    if user.organisation_id is not None:
        audio = SpeechAudio.objects.filter(
            organisation_id=user.organisation_id, key=_key(spoken, ssml, person_id), status=SpeechStatus.READY
        ).first()
    if audio is None or not audio.audio:
        raise ApiError(_("This audio is not ready yet."), code="not_found", status_code=404)
    return audio


def espeak(*, ssml: str, language: str, target: Path) -> int:
    """Speak ``ssml`` into the WAV file ``target`` with espeak-ng; the length in milliseconds."""
    program = shutil.which(settings.WELKOM_ESPEAK)
    if program is None:
        raise SpeechFailed(f"{settings.WELKOM_ESPEAK} is not installed")
    try:
        subprocess.run(  # noqa: S603 (espeak-ng with arguments of ours; the text goes in on stdin)
            [program, "-m", "-v", VOICES.get(language, "en"), "-w", str(target), "--stdin"],
            input=ssml.encode(),
            capture_output=True,
            check=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise SpeechFailed(str(error)[:300]) from error
    try:
        with wave.open(str(target)) as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
    except (wave.Error, EOFError) as error:
        raise SpeechFailed(f"no audio: {error}") from error
    if not frames or not rate:
        raise SpeechFailed("no audio")
    return int(frames * 1000 / rate)


def speech_synthesise(*, audio_id: int, now: datetime | None = None) -> None:
    """Make the audio of one row; nothing to do when it is ready already (a job run twice)."""
    with transaction.atomic():
        audio = SpeechAudio.objects.select_for_update().filter(pk=audio_id).first()
        if audio is None or audio.status == SpeechStatus.READY:
            return
        audio.attempts += 1
        audio.save(update_fields=["attempts"])
    with tempfile.TemporaryDirectory(prefix="welkom-speech-") as folder:
        target = Path(folder) / "speech.wav"
        duration = espeak(ssml=audio.ssml, language=audio.language, target=target)
        with transaction.atomic():
            audio = SpeechAudio.objects.select_for_update().get(pk=audio_id)
            if audio.status == SpeechStatus.READY:
                return
            with target.open("rb") as handle:
                audio.audio.save(f"{audio.key}.wav", File(handle), save=False)
            audio.status = SpeechStatus.READY
            audio.duration_ms = duration
            audio.error = ""
            audio.updated_at = now or timezone.now()
            audio.save(update_fields=["audio", "status", "duration_ms", "error", "updated_at"])


def speech_failed(*, audio_id: int, reason: str, now: datetime | None = None) -> None:
    """Mark a row that could not be made (asking again queues it while attempts are left)."""
    SpeechAudio.objects.filter(pk=audio_id).exclude(status=SpeechStatus.READY).update(
        status=SpeechStatus.FAILED, error=reason[:300], updated_at=now or timezone.now()
    )
