"""Chat messages, mentions and reading language in exports and erasure.

Messages stay in their channel (the conversation must still make sense to the others) with the
text replaced by the neutral placeholder; their translations are removed. Approved translations
of the person's own messages are removed from the organisation's translation memory (which
welkom.translation's privacy module exports and also clears of the person's name)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from welkom.accounts.models import User
from welkom.chat.models import (
    ChannelMembership,
    ChatReader,
    Message,
    MessageMention,
    MessageTranslation,
)
from welkom.core.privacy_registry import ERASED_TEXT, DataSource, register_source
from welkom.privacy.rows import mentions_of, organisation_id_of, rows, scrub
from welkom.translation.services import memory_entries_forget


def export_chat(user: User) -> dict[str, Any]:
    return {
        "messages": rows(Message.objects.filter(author=user)),
        "memberships": rows(ChannelMembership.objects.filter(user=user)),
        "mentions": rows(MessageMention.objects.filter(user=user)),
        "reading_language": rows(ChatReader.objects.filter(user=user)),
    }


def erase_chat(user: User) -> None:
    own = Message.objects.filter(author=user)
    # Approved translations of the person's words (their name is welkom.translation's to remove).
    memory_entries_forget(organisation_id=organisation_id_of(user), texts=own.values_list("body", flat=True))
    MessageTranslation.objects.filter(message__author=user).delete()
    own.update(body=ERASED_TEXT)
    # Other people's messages that mention the person keep their words but lose the name.
    about = Message.objects.filter(channel__organisation_id=organisation_id_of(user)).exclude(author=user)
    about = about.filter(Q(mentions__user=user) | mentions_of(user, "body")).distinct()
    for message in about:
        message.body = scrub(message.body, user)
        message.save(update_fields=["body"])
        message.translations.all().delete()
    MessageTranslation.objects.filter(message__channel__organisation_id=organisation_id_of(user)).filter(
        mentions_of(user, "text")
    ).delete()
    MessageMention.objects.filter(user=user).delete()
    ChatReader.objects.filter(user=user).delete()


def register() -> None:
    register_source(DataSource(name="chat", export=export_chat, erase=erase_chat))
