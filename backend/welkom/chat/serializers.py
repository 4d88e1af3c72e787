from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from welkom.chat.models import Channel, ChatSettings, Message, MessageTranslationStatus
from welkom.chat.reasons import demo_notice, reason_text
from welkom.chat.translation_port import Reason


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PartnerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    role = serializers.CharField(read_only=True)


class ChannelSerializer(serializers.ModelSerializer[Channel]):
    unread = serializers.IntegerField(read_only=True)
    last_read_seq = serializers.IntegerField(source="my_last_read", read_only=True)
    title = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Channel
        fields = ["id", "kind", "title", "team", "last_seq", "last_read_seq", "unread", "members"]
        read_only_fields = fields

    def get_title(self, channel: Channel) -> str:
        if channel.name:
            return channel.name
        me = self.context["user"]
        others = [m.user.display_name for m in channel.current_memberships if m.user_id != me.pk]  # type: ignore[attr-defined]
        return ", ".join(others) or me.display_name

    @extend_schema_field(PersonSerializer(many=True))
    def get_members(self, channel: Channel) -> list[dict[str, Any]]:
        return [{"id": m.user_id, "name": m.user.display_name} for m in channel.current_memberships]  # type: ignore[attr-defined]


class ChannelDetailSerializer(ChannelSerializer):
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    my_language = serializers.CharField(read_only=True)

    class Meta(ChannelSerializer.Meta):
        fields = [*ChannelSerializer.Meta.fields, "languages", "my_language"]
        read_only_fields = fields


class ShownSerializer(serializers.Serializer[Any]):
    """What this reader sees: their language when a translation exists, else the original and why.
    Every message ends in a state: ``translated``, ``original`` (the reader's own language or their
    own message) or ``unavailable`` (shown as written, with ``reason`` in the reader's language);
    ``pending`` lasts at most until ``pending_until``, after which it is shown as written."""

    language = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["original", "translated", "pending", "unavailable"])
    translated_from = serializers.CharField(allow_null=True)
    origin = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    reason_code = serializers.CharField(allow_null=True)
    pending_until = serializers.DateTimeField(allow_null=True)
    demo = serializers.BooleanField(help_text="Made by a demo package (random weights): not a translation.")
    notice = serializers.CharField(allow_null=True, help_text="The demo warning, in the reader's language.")


# A moment as DRF writes a DateTimeField (in the active time zone, ISO 8601): one field object for all.
_MOMENT = serializers.DateTimeField()


class MessageSerializer(serializers.ModelSerializer[Message]):
    author = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    shown = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "channel",
            "seq",
            "changed_seq",
            "author",
            "mine",
            "body",
            "language",
            "created_at",
            "edited_at",
            "deleted",
            "mentions",
            "shown",
        ]
        read_only_fields = fields

    def to_representation(self, message: Message) -> dict[str, Any]:
        """The fields of ``Meta.fields``, built directly. DRF's own path builds every field object of
        the serializer again on each answer (about 0.3 ms of CPU, most of a long poll's message);
        ``tests/chat/test_message_representation.py`` checks that this gives exactly what it gives."""
        return {
            "id": message.pk,
            "channel": message.channel_id,
            "seq": message.seq,
            "changed_seq": message.changed_seq,
            "author": self.get_author(message),
            "mine": self.get_mine(message),
            "body": message.body,
            "language": message.language,
            "created_at": _MOMENT.to_representation(message.created_at),
            "edited_at": None if message.edited_at is None else _MOMENT.to_representation(message.edited_at),
            "deleted": self.get_deleted(message),
            "mentions": self.get_mentions(message),
            "shown": self.get_shown(message),
        }

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, message: Message) -> dict[str, Any] | None:
        if message.author is None:
            return None
        return {"id": message.author_id, "name": message.author.display_name}

    def get_mine(self, message: Message) -> bool:
        return bool(message.author_id == self.context["user"].pk)

    def get_deleted(self, message: Message) -> bool:
        return message.deleted_at is not None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_mentions(self, message: Message) -> list[int]:
        return [mention.user_id for mention in message.mentions.all()]

    @extend_schema_field(ShownSerializer)
    def get_shown(self, message: Message) -> dict[str, Any]:
        context = self.context
        language = context["language"]
        text_language = context["reason_language"]
        original: dict[str, Any] = {
            "language": message.language,
            "text": message.body,
            "status": "original",
            "translated_from": None,
            "origin": None,
            "reason": None,
            "reason_code": None,
            "pending_until": None,
            "demo": False,
            "notice": None,
        }
        # A writer always sees their own words as written.
        if (
            message.deleted_at is not None
            or message.language == language
            or message.author_id == context["user"].pk
        ):
            return original

        def as_written(code: str, detail: str = "") -> dict[str, Any]:
            reason = reason_text(code, language=text_language, fallback=detail)
            return {**original, "status": "unavailable", "reason": reason, "reason_code": code or None}

        found = next(iter(getattr(message, "reader_translations", [])), None)
        if found is None:
            if not context["translatable"]:
                return as_written(Reason.READER_UNTRANSLATABLE)
            since = max(message.edited_at or message.created_at, context["reader_since"])
            until = since + timedelta(seconds=settings.CHAT_TRANSLATION_WAIT_SECONDS)
            if context["now"] >= until:
                return as_written(Reason.TIMED_OUT)
            return {**original, "status": "pending", "pending_until": until}
        if found.status == MessageTranslationStatus.UNAVAILABLE:
            return as_written(found.reason_code, found.reason)
        return {
            **original,
            "language": language,
            "text": found.text,
            "status": "translated",
            "translated_from": message.language,
            "origin": found.origin,
            "demo": found.demo,
            "notice": demo_notice(language=text_language) if found.demo else None,
        }


class MessageSyncSerializer(serializers.Serializer[Any]):
    cursor = serializers.IntegerField(help_text="Send this back as `after` to get what changed next.")
    has_more = serializers.BooleanField()
    messages = MessageSerializer(many=True)
    retry_after = serializers.IntegerField(
        help_text="Seconds to wait before asking again: 0 normally; more when the server could not hold"
        " the request (too many readers waiting) and answered at once."
    )


class MessageQuerySerializer(serializers.Serializer[Any]):
    after = serializers.IntegerField(required=False, min_value=0)
    before = serializers.IntegerField(required=False, min_value=1)
    wait = serializers.IntegerField(required=False, min_value=0, default=0)

    def validate_wait(self, value: int) -> int:
        return min(value, settings.CHAT_LONG_POLL_SECONDS)


class MessageWriteSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    language = serializers.CharField(required=False, allow_blank=True, max_length=10)
    mentions = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=50
    )


class MessageCreateSerializer(MessageWriteSerializer):
    corrections = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Hand-corrected translations by language; stored as approved translation memory.",
    )


class ReadSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()


class DirectOpenSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField()


class ReadingLanguageSerializer(serializers.Serializer[Any]):
    language = serializers.CharField(max_length=10, help_text="A language code, e.g. pl (ISO 639-1).")
    translatable = serializers.BooleanField(
        read_only=True, help_text="False when no installed package translates into this language."
    )
    notice = serializers.CharField(
        read_only=True, allow_null=True, help_text="Why messages will be shown as written, if they will."
    )


class ChatSettingsSerializer(serializers.ModelSerializer[ChatSettings]):
    class Meta:
        model = ChatSettings
        fields = ["retention_days"]
        extra_kwargs = {"retention_days": {"required": True}}  # a PUT without it is a 400, not a 500


class PreviewRequestSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    source = serializers.CharField(required=False, allow_blank=True, max_length=10)  # type: ignore[assignment]
    channel = serializers.IntegerField(
        required=False, help_text="Preview into every language this channel reads."
    )
    targets = serializers.ListField(child=serializers.CharField(max_length=10), required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("channel") and not attrs.get("targets"):
            raise serializers.ValidationError({"targets": [gettext("Choose languages or a channel.")]})
        return attrs


class HintSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=["long_sentence", "idiom", "jargon", "glossary_keep", "glossary_fixed"]
    )
    phrase = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    suggestion = serializers.CharField(allow_blank=True)
    translations = serializers.DictField(child=serializers.CharField())


class PreviewLineSerializer(serializers.Serializer[Any]):
    language = serializers.CharField()
    text = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    origin = serializers.CharField()
    back_translation = serializers.CharField(allow_null=True)
    back_reason = serializers.CharField(allow_null=True)
    demo = serializers.BooleanField(help_text="Made by a demo package (random weights): not a translation.")
    notice = serializers.CharField(allow_null=True, help_text="The demo warning, in the writer's language.")


class PreviewSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()  # type: ignore[assignment]
    translations = PreviewLineSerializer(many=True)
    hints = HintSerializer(many=True)


@extend_schema_serializer(component_name="ChatMemoryEntry")
class MemoryEntrySerializer(serializers.Serializer[Any]):
    source = serializers.CharField(max_length=10)  # type: ignore[assignment]
    target = serializers.CharField(max_length=10)
    source_text = serializers.CharField(allow_blank=True, max_length=4000)
    translated_text = serializers.CharField(allow_blank=True, max_length=4000)
