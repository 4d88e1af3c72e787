"""Reads for the chat. Every read starts from the caller's organisation and their own, current
channel memberships: someone who is not (or no longer) a member sees nothing of a channel."""

from __future__ import annotations

import threading
import time

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import users_of_organisation
from welkom.chat.models import Channel, ChannelMembership, ChatSettings, Message, MessageTranslation
from welkom.chat.services import reading_language
from welkom.core.statements import Statement
from welkom.core.tenancy import for_tenant, organisation_of, tenant_filter

SYNC_BATCH = 200
HISTORY_PAGE = 50


def channels_of(user: User) -> QuerySet[Channel]:
    """The channels the person is a member of now, with their unread count and read position."""
    memberships = ChannelMembership.objects.filter(channel=OuterRef("pk"), user=user, left_at__isnull=True)
    last_read = Subquery(memberships.values("last_read_seq")[:1], output_field=IntegerField())
    unread = (
        Message.objects.filter(
            channel=OuterRef("pk"), deleted_at__isnull=True, seq__gt=OuterRef("my_last_read")
        )
        .exclude(author=user)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        for_tenant(Channel.objects.all(), user)
        .filter(memberships__user=user, memberships__left_at__isnull=True)
        .annotate(my_last_read=last_read)
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ChannelMembership.objects.filter(left_at__isnull=True).select_related("user"),
                to_attr="current_memberships",
            )
        )
        .order_by("kind", "name", "id")
    )


# Every column of a channel, in the order ``Channel.from_db`` takes them.
_CHANNEL_FIELDS = tuple(field.attname for field in Channel._meta.concrete_fields)
_CHANNEL_OF_MEMBER = Statement(
    "chat.channel_of_member",
    lambda organisation_id, channel_id, user_id: Channel.objects.filter(
        **tenant_filter(Channel, organisation_id),
        pk=channel_id,
        memberships__user_id=user_id,
        memberships__left_at__isnull=True,
    ).values_list(*_CHANNEL_FIELDS)[:1],
    kinds=(int, int, int),
)


def channel_of_member(user: User, channel_id: int) -> Channel | None:
    """The channel if the person is a member now, in their organisation: one query, compiled once
    per process (every long poll asks it, and again after its wait)."""
    organisation_id = organisation_of(user)
    if organisation_id is None:
        return None
    row = _CHANNEL_OF_MEMBER.first(organisation_id, channel_id, user.pk)
    return None if row is None else Channel.from_db(DEFAULT_DB_ALIAS, _CHANNEL_FIELDS, row)


def membership_of(user: User, channel: Channel) -> ChannelMembership:
    return ChannelMembership.objects.select_related("channel").get(
        channel=channel, user=user, left_at__isnull=True
    )


def _messages_for_reader(channel: Channel, language: str) -> QuerySet[Message]:
    return (
        Message.objects.filter(channel=channel)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=MessageTranslation.objects.filter(language=language),
                to_attr="reader_translations",
            ),
            "mentions",
        )
    )


def messages_changed_since(
    *, channel: Channel, reader: User, after: int, language: str | None = None
) -> tuple[list[Message], bool]:
    """Messages posted, edited, deleted or translated after the reader's cursor, in the order the
    changes happened (catch-up). Returns the batch and whether more is waiting. ``language``: the
    reader's chat language when the caller has it already."""
    return _changed(channel, after, language or reading_language(reader))


class _Shared:
    """One load of the changes since a cursor, shared by the readers who ask for the same ones."""

    def __init__(self) -> None:
        self.loaded_at = time.monotonic()
        self.done = threading.Event()
        self.value: tuple[list[Message], bool] | None = None


_shared_lock = threading.Lock()
_shared: dict[tuple[int, int, int, str], _Shared] = {}
SHARED_SECONDS = 2.0
SHARED_ENTRIES = 256


def messages_changed_since_shared(
    *, channel: Channel, after: int, language: str
) -> tuple[list[Message], bool]:
    """:func:`messages_changed_since` for long polls. When a channel changes, every waiting reader
    asks for the same changes at once: 50 readers in five languages made 50 identical sets of three
    queries. Readers of one language with the same cursor now share one load (in this process, for
    two seconds). ``channel`` must come from :func:`channel_of_member` in this request: its
    ``last_seq`` is part of the key, and the load, made after that read, holds at least every change
    up to it. Each reader still has their own membership check and serializes the rows with their
    own context (their own messages, what is pending for them); the rows do not depend on the reader
    beyond the language."""
    key = (channel.pk, channel.last_seq, after, language)
    now = time.monotonic()
    with _shared_lock:
        entry = _shared.get(key)
        owner = entry is None or now - entry.loaded_at > SHARED_SECONDS
        if owner:
            if len(_shared) >= SHARED_ENTRIES:  # forget what is too old to be shared
                for old in [k for k, v in _shared.items() if now - v.loaded_at > SHARED_SECONDS]:
                    del _shared[old]
                if len(_shared) >= SHARED_ENTRIES:
                    _shared.clear()
            entry = _shared[key] = _Shared()
    assert entry is not None
    if not owner and entry.done.wait(10) and entry.value is not None:
        return entry.value
    if not owner:  # the load failed or takes too long: load alone
        return _changed(channel, after, language)
    try:
        entry.value = _changed(channel, after, language)
    except BaseException:
        with _shared_lock:
            if _shared.get(key) is entry:
                del _shared[key]
        raise
    finally:
        entry.done.set()
    return entry.value


def shared_changes_forget() -> None:
    """Forget every shared load (tests: a rolled-back test may leave a channel's numbers to the next)."""
    with _shared_lock:
        _shared.clear()


def _changed(channel: Channel, after: int, language: str) -> tuple[list[Message], bool]:
    rows = list(
        _messages_for_reader(channel, language)
        .filter(changed_seq__gt=after)
        .order_by("changed_seq")[: SYNC_BATCH + 1]
    )
    return rows[:SYNC_BATCH], len(rows) > SYNC_BATCH


def message_for_reader(*, channel: Channel, reader: User, message_id: int) -> Message:
    return _messages_for_reader(channel, reading_language(reader)).get(pk=message_id)


def messages_latest(
    *, channel: Channel, reader: User, before: int | None = None, language: str | None = None
) -> list[Message]:
    """The most recent messages (or those before a position), oldest first, without deleted ones."""
    language = language or reading_language(reader)
    queryset = _messages_for_reader(channel, language).filter(deleted_at__isnull=True)
    if before is not None:
        queryset = queryset.filter(seq__lt=before)
    return list(reversed(queryset.order_by("-seq")[:HISTORY_PAGE]))


def message_of_member(*, user: User, message_id: int) -> Message | None:
    return (
        for_tenant(Message.objects.all(), user)
        .filter(pk=message_id, channel__memberships__user=user, channel__memberships__left_at__isnull=True)
        .select_related("channel")
        .first()
    )


def direct_partners_of(user: User) -> QuerySet[User]:
    """People the caller may open a direct conversation with (see services.direct_partners_allowed):
    a newcomer's buddy, team lead and HR; for them, their newcomers."""
    people = users_of_organisation(user=user).filter(is_active=True).exclude(pk=user.pk)
    if user.role == Role.NEWCOMER:
        return (
            people.filter(
                Q(role=Role.HR)
                | Q(buddies_of__user=user)
                | Q(newcomers_led__user=user)
                | Q(teams_led__memberships__user=user)
            )
            .distinct()
            .order_by("full_name", "email")
        )
    newcomers = people.filter(role=Role.NEWCOMER)
    if user.role == Role.HR:
        return newcomers.order_by("full_name", "email")
    return (
        newcomers.filter(
            Q(newcomer_profile__buddy=user)
            | Q(newcomer_profile__team_lead=user)
            | Q(memberships__team__lead=user)
        )
        .distinct()
        .order_by("full_name", "email")
    )


def chat_settings_of(user: User) -> ChatSettings:
    settings = for_tenant(ChatSettings.objects.all(), user).first()
    return settings or ChatSettings(organisation_id=user.organisation_id or 0)
