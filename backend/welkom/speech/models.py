"""The server's voice: audio made by espeak-ng, one row per organisation, language and prepared
text (the unique key), so a text is spoken once and served again from the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet
from welkom.privacy.storage import private_storage


class SpeechStatus(models.TextChoices):
    PENDING = "pending", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class SpeechAudio(TenantModel):
    # sha256 of the voice's version, the language and the SSML: the same words in the same language
    # are made once per organisation (audio of a chat message never serves another organisation).
    key = models.CharField(max_length=64)
    # Whose words these are (a chat message's author, a notification's recipient); the audio goes
    # with their export and erasure. Empty for content (modules, steps, checklists, terms).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=10)
    ssml = models.TextField()
    status = models.CharField(max_length=10, choices=SpeechStatus.choices, default=SpeechStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    audio = models.FileField(storage=private_storage, upload_to="speech/", blank=True, max_length=200)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="speech_one_per_text")]

    def __str__(self) -> str:
        return f"{self.language} {self.key[:12]} {self.status}"
