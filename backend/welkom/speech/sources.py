"""What the server's voice reads for an item, found through the same selectors that decide who may
read the item's text: tenant first, then role, then ownership. None when the caller may not read it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from welkom.accounts.models import User
from welkom.chat.models import MessageTranslationStatus
from welkom.chat.selectors import message_of_member
from welkom.checklists.selectors import items_visible_to
from welkom.core.language import person_language, pick, reader_languages
from welkom.journeys.selectors import steps_visible_to
from welkom.modules.selectors import best_translation, modules_for
from welkom.notifications.selectors import inbox
from welkom.notifications.texts import Reader, notification_text
from welkom.terms.selectors import terms_available


class SourceKind(models.TextChoices):
    MODULE = "module", "Module"
    STEP = "step", "Journey step"
    CHECKLIST_ITEM = "checklist_item", "Checklist item"
    TERM = "term", "Term"
    NOTIFICATION = "notification", "Notification"
    CHAT_MESSAGE = "chat_message", "Chat message"


@dataclass(frozen=True)
class Source:
    language: str
    text: str
    # Whose words these are, for a person's own text (a chat message's author, a notification's
    # recipient): their audio is theirs in export and erasure. None for content.
    person_id: int | None = None


def _joined(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def source_text(user: User, *, kind: str, ref: str, language: str) -> Source | None:
    """The text of item ``ref`` as ``user`` reads it, in ``language`` when it has one (else the
    language the reader is shown instead)."""
    languages = reader_languages(user, language)
    if kind == SourceKind.MODULE:
        module = modules_for(user).filter(slug=ref).prefetch_related("translations").first()
        if module is None:
            return None
        translation = best_translation(module, locale=languages).translation
        return Source(translation.locale, _joined(translation.title, translation.body))
    if kind == SourceKind.TERM:
        term = terms_available().filter(key=ref).first()
        return Source("nl", term.term) if term else None
    if not ref.isdigit():
        return None
    pk = int(ref)
    if kind == SourceKind.CHECKLIST_ITEM:
        item = items_visible_to(user).filter(pk=pk).first()
        if item is None:
            return None
        code, title = pick(item.template_item.title or {}, languages)
        body = (item.template_item.body_html or {}).get(code) or ""
        return Source(code, _joined(str(title or ""), body))
    if kind == SourceKind.STEP:
        step = steps_visible_to(user).filter(pk=pk).first()
        if step is None:
            return None
        code, title = pick(step.title or {}, languages)
        body = (step.body or {}).get(code) or ""
        return Source(code, _joined(str(title or ""), str(body)))
    if kind == SourceKind.NOTIFICATION:
        notification = inbox(user).filter(pk=pk).select_related("recipient").first()
        if notification is None:
            return None
        title, body = notification_text(notification, Reader.of(user))
        return Source(person_language(user), _joined(title, body), person_id=notification.recipient_id)
    if kind == SourceKind.CHAT_MESSAGE:
        message = message_of_member(user=user, message_id=pk)
        if message is None or message.deleted_at is not None:
            return None
        author = message.author_id
        if message.language == language or author == user.pk:
            return Source(message.language, message.body, person_id=author)
        translated = message.translations.filter(
            language=language, revision=message.revision, status=MessageTranslationStatus.TRANSLATED
        ).first()
        if translated:
            return Source(language, translated.text, person_id=author)
        return Source(message.language, message.body, person_id=author)
    return None
