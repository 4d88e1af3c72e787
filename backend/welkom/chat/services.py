"""Writes for the chat: channels and members, messages and their translations, mentions,
read state, retention, and team leads' corrections (stored in welkom.translation's memory)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from welkom.accounts.models import Organisation, Role, Team, User
from welkom.accounts.selectors import (
    leads_team_of,
    organisation_get,
    team_member_ids,
    time_zones_of,
    user_active_get,
)
from welkom.chat import translation_port
from welkom.chat.models import (
    Channel,
    ChannelKind,
    ChannelMembership,
    ChatReader,
    ChatSettings,
    Message,
    MessageMention,
    MessageTranslation,
    MessageTranslationStatus,
    TranslationOrigin,
)
from welkom.chat.reasons import reader_text_language
from welkom.chat.waiting import clock_key
from welkom.core.errors import ApiError
from welkom.core.metrics import CHAT_TRANSLATED_SECONDS
from welkom.core.statements import Statement
from welkom.translation import selectors as translation_selectors
from welkom.translation import services as translation_services
from welkom.translation.languages import is_known_language
from welkom.translation.models import MemoryEntry

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4000
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
QUIET_HOURS_START = time(21, 0)
QUIET_HOURS_END = time(8, 0)
CORRECTING_ROLES = {Role.TEAM_LEAD, Role.HR, Role.ADMIN}
DIRECT_PARTNER_ROLES = {Role.HR}


# --- Reading languages ------------------------------------------------------------------------


# A person's own chat language and when they chose it: read by every poll (compiled once a process).
_READER = Statement(
    "chat.reader",
    lambda user_id: ChatReader.objects.filter(user_id=user_id).values_list("language", "changed_at")[:1],
)


def reading_language(user: User) -> str:
    """The chat language of a person: their own choice, else a newcomer's preferred language,
    else their interface language."""
    row = _READER.first(user.pk)
    return _language_of(user, row[0] if row else "")


def _language_of(user: User, chosen: str) -> str:
    """``chosen`` (the person's own chat language, "" for none) or what stands in for it."""
    if chosen:
        return str(chosen)
    from welkom.newcomers.selectors import profile_of

    profile = profile_of(user)
    preferred = profile.preferred_language if profile is not None else ""
    return (preferred or user.language or "en").lower()


def channel_reading_languages(channel: Channel) -> set[str]:
    """Every language read by the channel's current members (one query)."""
    from welkom.newcomers.selectors import preferred_languages

    rows = (
        ChannelMembership.objects.filter(channel=channel, left_at__isnull=True)
        .values_list("user__chat_reader__language", "user__language", "user_id")
        .order_by()
    )
    user_ids = [row[2] for row in rows]
    preferred = preferred_languages(user_ids)
    languages = set()
    for chosen, interface, user_id in rows:
        languages.add((chosen or preferred.get(user_id) or interface or "en").lower())
    return languages


def reader_view(*, user: User, now: datetime | None = None) -> dict[str, Any]:
    """What decides how messages are shown to ``user`` (the serializer's context): the chat
    language, whether anything translates into it, the language reasons are written in, since when
    older messages wait for a translation into it, and the moment of asking."""
    reader = _READER.first(user.pk)
    changed = reader[1] if reader else None
    language = _language_of(user, reader[0] if reader else "")  # one read of ChatReader
    return {
        "language": language,
        "translatable": translation_port.translates_into(language),
        "reason_language": reader_text_language(user=user),
        "reader_since": changed or datetime.min.replace(tzinfo=UTC),
        "now": now or timezone.now(),
    }


@transaction.atomic
def reading_language_set(*, user: User, language: str, now: datetime | None = None) -> ChatReader:
    """Sets the person's chat language. When it changes, the recent messages of their channels are
    translated into it (on the translation queue); until they are, they wait at most
    CHAT_TRANSLATION_WAIT_SECONDS from ``now`` and are then shown as written."""
    language = clean_language(language, field="language")
    before = reading_language(user)
    reader, created = ChatReader.objects.select_for_update().get_or_create(
        user=user, defaults={"language": language, "changed_at": now or timezone.now()}
    )
    if not created and reader.language != language:
        reader.language, reader.changed_at = language, now or timezone.now()
        reader.save(update_fields=["language", "changed_at"])
    if before != language:
        from welkom.chat.tasks import CATCH_UP_PRIORITY, reader_messages_translate

        user_id = user.pk
        transaction.on_commit(
            lambda: reader_messages_translate.apply_async(
                args=[user_id], queue="translation", priority=CATCH_UP_PRIORITY
            )
        )
    return reader


def reading_language_notice(language: str) -> str | None:
    """Why a reader of ``language`` will see messages as written, or None when packages translate
    into it (a missing pair for one message is still reported on that message)."""
    if translation_port.translates_into(language):
        return None
    return (
        f"No installed language package translates into '{language}': messages in other languages"
        " are shown as they were written."
    )


def clean_language(value: str, *, field: str) -> str:
    """A known language code (ISO 639-1, or one an installed package uses), lower case; anything
    else is a 400 naming ``field``."""
    code = (value or "").strip().lower()
    if not LANGUAGE_CODE.match(code):
        raise ApiError(
            gettext("Use a language code such as nl, en or pl."),
            fields={
                field: [
                    gettext("“%(value)s” is not a language code (two or three letters, e.g. pl).")
                    % {"value": value}
                ]
            },
        )
    if not is_known_language(code):
        raise ApiError(
            gettext("Use a language code such as nl, en or pl."),
            fields={
                field: [
                    gettext("“%(value)s” is not a known language code (ISO 639-1, e.g. pl).")
                    % {"value": value}
                ]
            },
        )
    return code


# --- Channels and members -----------------------------------------------------------------------


@transaction.atomic
def team_channel_sync(*, team: Team) -> Channel:
    """Make sure the team has its channel and that its members are exactly the team's members
    (and lead). People who left the team keep their row with ``left_at`` and lose access."""
    channel, _ = Channel.objects.get_or_create(
        team=team,
        defaults={"organisation_id": team.organisation_id, "kind": ChannelKind.TEAM, "name": team.name},
    )
    if channel.name != team.name:
        channel.name = team.name
        channel.save(update_fields=["name"])
    wanted = team_member_ids(team=team)
    if team.lead_id:
        wanted.add(team.lead_id)
    current = {m.user_id: m for m in ChannelMembership.objects.select_for_update().filter(channel=channel)}
    now = timezone.now()
    for user_id in wanted:
        membership = current.get(user_id)
        if membership is None:
            ChannelMembership.objects.create(channel=channel, user_id=user_id, last_read_seq=channel.last_seq)
        elif membership.left_at is not None:
            membership.left_at = None
            membership.joined_at = now
            membership.save(update_fields=["left_at", "joined_at"])
    ChannelMembership.objects.filter(channel=channel, left_at__isnull=True).exclude(
        user_id__in=wanted
    ).update(left_at=now)
    return channel


def direct_partners_allowed(*, first: User, second: User) -> bool:
    """A direct conversation is between a newcomer and their buddy, their team lead or HR."""
    if first.organisation_id != second.organisation_id or first.pk == second.pk:
        return False
    for newcomer, other in ((first, second), (second, first)):
        if newcomer.role != Role.NEWCOMER:
            continue
        if other.role in DIRECT_PARTNER_ROLES:
            return True
        from welkom.newcomers.selectors import profile_of

        profile = profile_of(newcomer)
        if profile is not None and other.pk in (profile.buddy_id, profile.team_lead_id):
            return True
        if leads_team_of(lead=other, member=newcomer):
            return True
    return False


@transaction.atomic
def direct_channel_open(*, opened_by: User, other: User) -> Channel:
    if not direct_partners_allowed(first=opened_by, second=other):
        raise ApiError(
            gettext("Direct conversations are between a newcomer and their buddy, team lead or HR."),
            code="not_allowed",
            fields={"user": [gettext("You cannot start a conversation with this person.")]},
        )
    low, high = sorted([opened_by.pk, other.pk])
    channel, _ = Channel.objects.get_or_create(
        organisation_id=opened_by.organisation_id,
        direct_key=f"{low}:{high}",
        defaults={"kind": ChannelKind.DIRECT},
    )
    for person in (opened_by, other):
        ChannelMembership.objects.update_or_create(channel=channel, user=person, defaults={"left_at": None})
    return channel


def channel_mark_read(*, membership: ChannelMembership, seq: int) -> ChannelMembership:
    if seq < 0:
        raise ApiError(
            gettext("A position cannot be negative."), fields={"seq": [gettext("Must be 0 or more.")]}
        )
    seq = min(seq, membership.channel.last_seq)
    if seq > membership.last_read_seq:
        ChannelMembership.objects.filter(pk=membership.pk, last_read_seq__lt=seq).update(last_read_seq=seq)
        membership.last_read_seq = seq
    return membership


# --- The channel clock ------------------------------------------------------------------------


def _tick(channel_id: int) -> int:
    """Take the next number of the channel's clock (row lock: numbers are unique and in order)."""
    channel = Channel.objects.select_for_update().only("id", "last_seq").get(pk=channel_id)
    channel.last_seq += 1
    Channel.objects.filter(pk=channel_id).update(last_seq=channel.last_seq)
    seq = channel.last_seq
    # Waiting readers watch this key instead of the database.
    transaction.on_commit(lambda: cache.set(clock_key(channel_id), seq, timeout=24 * 3600))
    return seq


# --- Messages -------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ApiError(
            gettext("Write something first."), fields={"body": [gettext("A message cannot be empty.")]}
        )
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ApiError(
            gettext("This message is too long."),
            fields={
                "body": [
                    gettext("At most %(limit)s characters (this one has %(length)s).")
                    % {"limit": MAX_MESSAGE_LENGTH, "length": len(text)}
                ]
            },
        )
    return text


def _active_member_ids(channel: Channel) -> set[int]:
    return set(
        ChannelMembership.objects.filter(channel=channel, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )


def _require_member(channel: Channel, user: User) -> None:
    if user.pk not in _active_member_ids(channel):
        raise ApiError(gettext("You are not a member of this channel."), code="not_member", status_code=403)


@transaction.atomic
def message_post(
    *,
    channel: Channel,
    author: User,
    body: str,
    language: str | None = None,
    mentions: Iterable[int] = (),
    corrections: dict[str, str] | None = None,
) -> Message:
    text = _clean_body(body)
    members = _active_member_ids(channel)
    if author.pk not in members:
        raise ApiError(gettext("You are not a member of this channel."), code="not_member", status_code=403)
    mention_ids = _clean_mentions(mentions, members=members, author=author)
    if language:
        code, detected = clean_language(language, field="language"), False
    else:
        found = translation_port.detect_language(text)
        code, detected = (found, True) if found else (reading_language(author), False)
    if corrections:
        _check_corrections(corrections, author=author, source=code)

    seq = _tick(channel.pk)
    message = Message.objects.create(
        channel=channel,
        author=author,
        seq=seq,
        changed_seq=seq,
        body=text,
        language=code,
        language_detected=detected,
    )
    for target, corrected in (corrections or {}).items():
        translation_memory_approve(
            organisation_id=channel.organisation_id,
            approved_by=author,
            source_language=code,
            target_language=target,
            source_text=text,
            translated_text=corrected,
        )
    _mentions_create(message=message, user_ids=mention_ids)
    _after_commit_translate(message.pk)
    return message


def _clean_mentions(mentions: Iterable[int], *, members: set[int], author: User) -> set[int]:
    ids = {int(user_id) for user_id in mentions}
    strangers = ids - members
    if strangers:
        raise ApiError(
            gettext("You can only mention members of this channel."),
            fields={
                "mentions": [
                    gettext("Not a member: %(ids)s.") % {"ids": ", ".join(str(i) for i in sorted(strangers))}
                ]
            },
        )
    ids.discard(author.pk)
    return ids


def _check_corrections(corrections: dict[str, str], *, author: User, source: str) -> None:
    if author.role not in CORRECTING_ROLES:
        raise ApiError(
            gettext("Only team leads and HR approve translations."),
            fields={"corrections": [gettext("Your role cannot approve translations.")]},
            status_code=403,
            code="permission_denied",
        )
    for target, text in corrections.items():
        clean_language(target, field="corrections")
        if target == source:
            raise ApiError(
                gettext("A correction must be in another language than the message."),
                fields={
                    "corrections": [
                        gettext("“%(language)s” is the message's own language.") % {"language": target}
                    ]
                },
            )
        if not (text or "").strip() or len(text) > MAX_MESSAGE_LENGTH:
            raise ApiError(
                gettext("A corrected translation cannot be empty or too long."),
                fields={
                    "corrections": [
                        gettext("The text for “%(language)s” is empty or too long.") % {"language": target}
                    ]
                },
            )


def _after_commit_translate(message_id: int) -> None:
    from welkom.chat.tasks import message_translate

    transaction.on_commit(lambda: message_translate.apply_async(args=[message_id], queue="translation"))


def _require_author(message: Message, user: User) -> None:
    if message.author_id != user.pk:
        raise ApiError(
            gettext("You can only change your own messages."), code="permission_denied", status_code=403
        )
    if message.deleted_at is not None:
        raise ApiError(
            gettext("This message was deleted."), code="deleted", fields={"body": [gettext("Deleted.")]}
        )


@transaction.atomic
def message_edit(
    *, message: Message, editor: User, body: str, language: str | None = None, mentions: Iterable[int] = ()
) -> Message:
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_author(message, editor)
    _require_member(message.channel, editor)
    text = _clean_body(body)
    members = _active_member_ids(message.channel)
    mention_ids = _clean_mentions(mentions, members=members, author=editor)
    if language:
        message.language, message.language_detected = clean_language(language, field="language"), False
    elif message.language_detected:
        message.language = translation_port.detect_language(text) or message.language
    message.body = text
    message.revision += 1
    message.edited_at = timezone.now()
    message.changed_seq = _tick(message.channel_id)
    message.save(
        update_fields=["body", "language", "language_detected", "revision", "edited_at", "changed_seq"]
    )
    # The old translations say something else now: remove them and make new ones.
    MessageTranslation.objects.filter(message=message).delete()
    known = set(MessageMention.objects.filter(message=message).values_list("user_id", flat=True))
    _mentions_create(message=message, user_ids=mention_ids - known)
    _after_commit_translate(message.pk)
    return message


@transaction.atomic
def message_delete(*, message: Message, deleted_by: User) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    _require_author(message, deleted_by)
    # Kept as an empty tombstone so readers who are catching up remove it too.
    message.body = ""
    message.deleted_at = timezone.now()
    message.revision += 1
    message.changed_seq = _tick(message.channel_id)
    message.save(update_fields=["body", "deleted_at", "revision", "changed_seq"])
    MessageTranslation.objects.filter(message=message).delete()
    MessageMention.objects.filter(message=message, notified_at__isnull=True).delete()
    return message


# --- Translations ---------------------------------------------------------------------------------


def message_translate(*, message_id: int, after_post: bool = True) -> int:
    """Make the missing translations of a message's current revision: one per language its
    channel reads, shared by all readers of that language. Safe to run twice. Returns how many
    translations were stored. ``after_post``: this runs because the message was just posted or
    edited, so the time since then is the delay its readers saw (metrics)."""
    message = Message.objects.select_related("channel").filter(pk=message_id).first()
    if message is None or message.deleted_at is not None:
        return 0
    revision, text, source = message.revision, message.body, message.language
    have = set(MessageTranslation.objects.filter(message=message).values_list("language", flat=True))
    targets = sorted(channel_reading_languages(message.channel) - {source} - have)
    if not targets:
        return 0
    organisation_id = message.channel.organisation_id
    outcomes = translation_memory_lookup(
        organisation_id=organisation_id, source=source, targets=targets, text=text
    )
    machine = [target for target in targets if target not in outcomes]
    if machine:
        engine = translation_port.translate_for_channel(
            organisation_id=organisation_id, text=text, source=source, targets=machine
        )
        outcomes.update({target: (outcome, TranslationOrigin.MACHINE) for target, outcome in engine.items()})
    return _translations_store(
        message_id=message.pk, revision=revision, outcomes=outcomes, after_post=after_post
    )


def reader_messages_translate(*, user_id: int) -> int:
    """Translates the recent messages of each of the person's channels into their chat language
    (after it changed). Messages that already have a translation (or a reason) in it are left
    alone; safe to run twice. Returns how many translations were stored.

    A message posted (or edited) since the language changed was due in it from its post on, like
    any other: when this task gets to it before the post's own task (which then finds nothing left
    to do), its translations count as the post's (metrics). Older messages do not: their wait began
    with the change of language, not with the post."""
    from welkom.chat.selectors import HISTORY_PAGE

    user = user_active_get(pk=user_id)
    if user is None:
        return 0
    language = reading_language(user)
    since = ChatReader.objects.filter(user=user).values_list("changed_at", flat=True).first()
    channel_ids = ChannelMembership.objects.filter(user=user, left_at__isnull=True).values_list(
        "channel_id", flat=True
    )
    stored = 0
    for channel_id in channel_ids:
        recent = (
            Message.objects.filter(channel_id=channel_id, deleted_at__isnull=True)
            .exclude(language=language)
            .order_by("-seq")
            .values_list("pk", flat=True)[:HISTORY_PAGE]
        )
        missing = Message.objects.filter(pk__in=list(recent)).exclude(translations__language=language)
        rows = missing.order_by("seq").values_list("pk", "created_at", "edited_at")
        for message_id, posted, edited in rows:
            after_post = since is not None and (edited or posted) >= since
            stored += message_translate(message_id=message_id, after_post=after_post)
    return stored


@transaction.atomic
def _translations_store(
    *,
    message_id: int,
    revision: int,
    outcomes: dict[str, tuple[translation_port.TranslationOutcome, str]],
    after_post: bool = False,
) -> int:
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.revision != revision or message.deleted_at is not None:
        return 0  # edited or deleted while we translated: the newer task does the work
    have = set(MessageTranslation.objects.filter(message=message).values_list("language", flat=True))
    rows = [
        MessageTranslation(
            message=message,
            language=target,
            revision=revision,
            status=(
                MessageTranslationStatus.TRANSLATED if outcome.ok else MessageTranslationStatus.UNAVAILABLE
            ),
            origin=origin,
            text=outcome.text or "",
            reason=(outcome.reason or "")[:300],
            reason_code=outcome.code if not outcome.ok else "",
            demo=outcome.demo,
        )
        for target, (outcome, origin) in outcomes.items()
        if target not in have
    ]
    if not rows:
        return 0
    MessageTranslation.objects.bulk_create(rows)
    message.changed_seq = _tick(message.channel_id)
    message.save(update_fields=["changed_seq"])
    if after_post:
        posted = message.edited_at or message.created_at
        waited = max((timezone.now() - posted).total_seconds(), 0.0)
        for row in rows:
            if row.status == MessageTranslationStatus.TRANSLATED:
                CHAT_TRANSLATED_SECONDS.labels(message.language, row.language).observe(waited)
    return len(rows)


def translation_memory_lookup(
    *, organisation_id: int, source: str, targets: Iterable[str], text: str
) -> dict[str, tuple[translation_port.TranslationOutcome, str]]:
    """Approved translations of exactly this text from the organisation's translation memory
    (welkom.translation, the same memory ``/translate`` uses)."""
    found = translation_selectors.memory_translations(
        organisation_id=organisation_id, source=source, targets=targets, text=text
    )
    return {
        target: (translation_port.TranslationOutcome.translated(translated), TranslationOrigin.MEMORY)
        for target, translated in found.items()
    }


def translation_memory_approve(
    *,
    organisation_id: int,
    approved_by: User,
    source_language: str,
    target_language: str,
    source_text: str,
    translated_text: str,
) -> MemoryEntry:
    """A team lead's correction becomes an approved entry of the organisation's translation memory
    (welkom.translation): the chat, the helper and ``/translate`` use it from now on."""
    source_language = clean_language(source_language, field="source")
    target_language = clean_language(target_language, field="target")
    if source_language == target_language:
        raise ApiError(
            gettext("Choose two different languages."),
            fields={"target": [gettext("Same as the source language.")]},
        )
    source_text, translated_text = source_text.strip(), translated_text.strip()
    if not source_text or not translated_text:
        field = "source_text" if not source_text else "translated_text"
        raise ApiError(gettext("Both texts are needed."), fields={field: [gettext("Cannot be empty.")]})
    organisation = organisation_get(pk=organisation_id)
    assert organisation is not None  # the approver's own organisation
    return translation_services.memory_entry_save(
        organisation=organisation,
        source_language=source_language,
        target_language=target_language,
        source_text=source_text,
        translated_text=translated_text,
        approved_by=approved_by,
    )


# --- Mentions ---------------------------------------------------------------------------------------


def quiet_hours_end(*, at: datetime, time_zone: str) -> datetime | None:
    """When quiet hours (21:00-08:00 in the person's time zone) are on at ``at``, the moment they
    end; otherwise None (tell them now)."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(settings.TIME_ZONE)
    local = at.astimezone(zone)
    if QUIET_HOURS_END <= local.time() < QUIET_HOURS_START:
        return None
    day = local.date() if local.time() < QUIET_HOURS_END else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_HOURS_END, tzinfo=zone)


def _mentions_create(*, message: Message, user_ids: Iterable[int]) -> None:
    now = timezone.now()
    zones = time_zones_of(user_ids=user_ids)
    MessageMention.objects.bulk_create(
        [
            MessageMention(
                message=message,
                user_id=person_id,
                notify_at=quiet_hours_end(at=now, time_zone=zone) or now,
            )
            for person_id, zone in zones.items()
        ],
        ignore_conflicts=True,
    )
    if zones:
        from welkom.chat.tasks import mentions_send_due

        transaction.on_commit(lambda: mentions_send_due.delay())


def mentions_send_due(*, now: datetime | None = None) -> int:
    """Tell everyone whose mention is due (quiet hours over). Each mention is sent once."""
    now = now or timezone.now()
    sent = 0
    due = list(
        MessageMention.objects.filter(notified_at__isnull=True, notify_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for mention_id in due:
        with transaction.atomic():
            mention = (
                MessageMention.objects.select_for_update(of=("self",))
                .select_related("message__channel", "message__author", "user")
                .filter(pk=mention_id, notified_at__isnull=True)
                .first()
            )
            if mention is None or mention.message.deleted_at is not None:
                continue
            _notify_mention(mention=mention)
            mention.notified_at = now
            mention.save(update_fields=["notified_at"])
            sent += 1
    return sent


def _notify_mention(*, mention: MessageMention) -> None:
    """Tell a person they were mentioned, through the shared notification channels (in-app, e-mail,
    web push). It runs only once the mention is due, so quiet hours are already applied; the dedupe
    key makes a second run send nothing."""
    from welkom.notifications.services import notification_send

    message = mention.message
    notification_send(
        recipient=mention.user,
        kind="chat_mention",
        # the message text stays in the chat, not in e-mail or push services
        params={
            "author": message.author.display_name if message.author else "",
            "channel": message.channel.name or "",
        },
        link=f"/chat/{message.channel_id}",
        dedupe_key=f"chat-mention:{mention.pk}",
        urgent=True,  # already held back until the end of the reader's quiet hours
    )


# --- Retention ---------------------------------------------------------------------------------


def chat_settings_update(*, organisation: Organisation, retention_days: int) -> ChatSettings:
    if not 1 <= retention_days <= 3650:
        raise ApiError(
            gettext("Keep messages between 1 day and 10 years."),
            fields={"retention_days": [gettext("Choose a number of days from 1 to 3650.")]},
        )
    chat_settings, _ = ChatSettings.objects.update_or_create(
        organisation=organisation, defaults={"retention_days": retention_days}
    )
    return chat_settings


def retention_apply(*, now: datetime | None = None) -> int:
    """Delete messages older than each organisation keeps them. Returns how many were deleted."""
    now = now or timezone.now()
    default_days = ChatSettings._meta.get_field("retention_days").default
    kept = dict(ChatSettings.objects.values_list("organisation_id", "retention_days"))
    deleted = 0
    for organisation_id in Channel.objects.values_list("organisation_id", flat=True).distinct().order_by():
        days = kept.get(organisation_id, default_days)
        cutoff = now - timedelta(days=days)
        _, per_model = Message.objects.filter(
            channel__organisation_id=organisation_id, created_at__lt=cutoff
        ).delete()
        deleted += per_model.get(Message._meta.label, 0)
    return deleted
