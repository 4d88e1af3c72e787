"""Team channels and direct conversations, messages as written, one stored translation per reading
language, and mentions with their delivery time. Team leads' corrections go to the organisation's
translation memory (welkom.translation.models.MemoryEntry)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class ChannelKind(models.TextChoices):
    TEAM = "team", "Team channel"
    DIRECT = "direct", "Direct conversation"


class Channel(TenantModel):
    """A conversation. ``last_seq`` is the channel's clock: every change to one of its messages
    (posted, edited, deleted, translated) takes the next number, so a client that remembers the
    last number it saw can ask for everything after it and miss nothing."""

    kind = models.CharField(max_length=10, choices=ChannelKind.choices)
    team = models.OneToOneField(
        "accounts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="chat_channel"
    )
    # "<smaller user id>:<larger user id>" for direct conversations, so a pair has one conversation.
    direct_key = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001 - NULL for team channels keeps the pair unique
    name = models.CharField(max_length=200, blank=True)
    last_seq = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "direct_key"], name="chat_direct_pair_unique_per_org"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="team", team__isnull=False, direct_key__isnull=True))
                | (models.Q(kind="direct", team__isnull=True, direct_key__isnull=False)),
                name="chat_channel_kind_matches_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Channel {self.pk}"


class ChannelMembership(models.Model):
    """Who may read a channel. Leaving keeps the row (``left_at``) so read state is not lost,
    but a member who left sees nothing of the channel any more."""

    tenant_path = "channel__organisation"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    last_read_seq = models.BigIntegerField(default=0)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "user"], name="chat_membership_unique")]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in channel {self.channel_id}"


class ChatReader(models.Model):
    """The language a person reads the chat in, when it differs from their interface language."""

    tenant_path = "user__organisation"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_reader"
    )
    language = models.CharField(max_length=10)
    # When the language last changed: older messages not yet in it are "pending" until this moment
    # plus the waiting time, then shown as written (welkom.chat.serializers).
    changed_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user_id} reads {self.language}"


class Message(models.Model):
    """A message exactly as written. ``seq`` orders messages in the channel and never changes;
    ``changed_seq`` is the channel clock at its latest change (what catch-up follows)."""

    tenant_path = "channel__organisation"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="chat_messages"
    )
    seq = models.BigIntegerField()
    changed_seq = models.BigIntegerField()
    body = models.TextField(blank=True)
    language = models.CharField(max_length=10)
    language_detected = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["channel", "seq"], name="chat_message_seq_unique")]
        indexes = [
            models.Index(fields=["channel", "changed_seq"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"Message {self.seq} in channel {self.channel_id}"


class MessageTranslationStatus(models.TextChoices):
    TRANSLATED = "translated", "Translated"
    UNAVAILABLE = "unavailable", "Could not be translated"


class TranslationOrigin(models.TextChoices):
    MACHINE = "machine", "Machine translation"
    MEMORY = "memory", "Approved translation from memory"


class MessageTranslation(models.Model):
    """One translation of one revision of a message into one language, shared by every reader of
    that language. When it cannot be made, ``reason`` says why and readers see the original."""

    tenant_path = "message__channel__organisation"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    revision = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=MessageTranslationStatus.choices)
    origin = models.CharField(
        max_length=10, choices=TranslationOrigin.choices, default=TranslationOrigin.MACHINE
    )
    text = models.TextField(blank=True)
    reason = models.CharField(max_length=300, blank=True)
    # What the reader is told (welkom.chat.translation_port.Reason), in their language when shown.
    reason_code = models.CharField(max_length=30, blank=True)
    # Made by a demo package (random weights): shown, but marked as such.
    demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "language"], name="chat_translation_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} in {self.language}"


class MessageMention(models.Model):
    """Someone named in a message, and when they are told (after quiet hours end, if need be)."""

    tenant_path = "message__channel__organisation"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_mentions")
    notify_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="chat_mention_unique")]
        indexes = [models.Index(fields=["notified_at", "notify_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in message {self.message_id}"


class ChatSettings(models.Model):
    tenant_path = "organisation"

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="chat_settings"
    )
    retention_days = models.PositiveIntegerField(default=365)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Chat settings of {self.organisation_id}"
