from __future__ import annotations

import threading
from functools import cache as cache_function
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.models import Role, User
from welkom.accounts.permissions import current_user, roles
from welkom.accounts.selectors import colleague_get
from welkom.chat import helper, selectors, services, waiting
from welkom.chat.models import Channel, ChatSettings, Message
from welkom.chat.serializers import (
    ChannelDetailSerializer,
    ChannelSerializer,
    ChatSettingsSerializer,
    DirectOpenSerializer,
    MemoryEntrySerializer,
    MessageCreateSerializer,
    MessageQuerySerializer,
    MessageSerializer,
    MessageSyncSerializer,
    MessageWriteSerializer,
    PartnerSerializer,
    PreviewRequestSerializer,
    PreviewSerializer,
    ReadingLanguageSerializer,
    ReadSerializer,
)
from welkom.core.errors import ApiError

HELPER_ROLES = (Role.TEAM_LEAD, Role.HR, Role.ADMIN)


def _channel(request: Request, pk: int) -> Channel:
    """A channel the caller is a member of now; 404 for everything else (other organisation,
    not a member, left)."""
    channel = selectors.channel_of_member(current_user(request), pk)
    if channel is None:
        raise Http404
    return channel


def _message_context(user: User) -> dict[str, Any]:
    return {"user": user, **services.reader_view(user=user)}


class ChannelListApi(generics.ListAPIView[Channel]):
    """The caller's channels with unread counts."""

    serializer_class = ChannelSerializer

    def get_queryset(self) -> QuerySet[Channel]:
        return selectors.channels_of(current_user(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "user": current_user(self.request)}


class ChannelDetailApi(generics.GenericAPIView[Any]):
    serializer_class = ChannelDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        channel = get_object_or_404(selectors.channels_of(user), pk=pk)
        channel.languages = sorted(services.channel_reading_languages(channel))  # type: ignore[attr-defined]
        channel.my_language = services.reading_language(user)  # type: ignore[attr-defined]
        return Response(ChannelDetailSerializer(channel, context={"user": user}).data)


class ChannelMessagesApi(generics.GenericAPIView[Any]):
    """GET without ``after``: the latest messages (or those ``before`` a position) and a cursor.
    GET with ``after``: everything that changed since that cursor, in order; with ``wait`` the
    request waits up to that many seconds for news (long polling). POST writes a message."""

    serializer_class = MessageSyncSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="Cursor from the previous answer."),
            OpenApiParameter("before", int, description="Load older messages before this position."),
            OpenApiParameter("wait", int, description="Seconds to wait for news (long polling)."),
        ],
        responses={200: MessageSyncSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        channel = _channel(request, pk)
        query = MessageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        after = query.validated_data.get("after")
        context = _message_context(user)
        if after is None:
            cursor = channel.last_seq
            messages = selectors.messages_latest(
                channel=channel,
                reader=user,
                before=query.validated_data.get("before"),
                language=context["language"],
            )
            return Response(
                {
                    "cursor": cursor,
                    "has_more": False,
                    "messages": MessageSerializer(messages, many=True, context=context).data,
                    "retry_after": 0,
                }
            )
        messages, has_more = self._changed_since(channel, after, context["language"])
        wait = query.validated_data["wait"]
        retry_after = 0
        if not messages and wait:
            waiters = _waiters(settings.CHAT_LONG_POLL_WAITERS)
            if waiters.acquire(blocking=False):
                try:
                    news = waiting.watcher().wait(channel_id=channel.pk, after=after, seconds=wait)
                finally:
                    waiters.release()
                if news:
                    channel = _channel(request, pk)  # still a member after the wait?
                    messages, has_more = self._changed_since(channel, after, context["language"])
            else:  # every waiting place of this process is taken: ask again shortly
                retry_after = settings.CHAT_LONG_POLL_RETRY_SECONDS
        cursor = max([after, *(message.changed_seq for message in messages)])
        context["now"] = timezone.now()  # after the wait: its moment decides what is still pending
        return Response(
            {
                "cursor": cursor,
                "has_more": has_more,
                "messages": MessageSerializer(messages, many=True, context=context).data,
                "retry_after": retry_after,
            }
        )

    @staticmethod
    def _changed_since(channel: Channel, after: int, language: str) -> tuple[list[Message], bool]:
        if channel.last_seq <= after:  # the channel's clock, read with the membership: nothing new
            return [], False
        return selectors.messages_changed_since_shared(channel=channel, after=after, language=language)

    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        channel = _channel(request, pk)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(channel=channel, author=user, **serializer.validated_data)
        message = selectors.message_for_reader(channel=channel, reader=user, message_id=message.pk)
        return Response(
            MessageSerializer(message, context=_message_context(user)).data, status=status.HTTP_201_CREATED
        )


@cache_function
def _waiters(limit: int) -> threading.BoundedSemaphore:
    """The waiting places of this process (one semaphore per configured limit)."""
    return threading.BoundedSemaphore(max(0, limit))


class MessageDetailApi(generics.GenericAPIView[Any]):
    serializer_class = MessageSerializer

    def _message(self, request: Request, pk: int) -> Message:
        message = selectors.message_of_member(user=current_user(request), message_id=pk)
        if message is None:
            raise Http404
        return message

    @extend_schema(request=MessageWriteSerializer, responses={200: MessageSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        message = self._message(request, pk)
        serializer = MessageWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_edit(message=message, editor=user, **serializer.validated_data)
        fresh = selectors.message_for_reader(channel=message.channel, reader=user, message_id=message.pk)
        return Response(MessageSerializer(fresh, context=_message_context(user)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.message_delete(message=self._message(request, pk), deleted_by=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChannelReadApi(generics.GenericAPIView[Any]):
    serializer_class = ReadSerializer

    @extend_schema(request=ReadSerializer, responses={200: ReadSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        channel = _channel(request, pk)
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.channel_mark_read(
            membership=selectors.membership_of(user, channel), seq=serializer.validated_data["seq"]
        )
        return Response({"seq": membership.last_read_seq})


class DirectOpenApi(generics.GenericAPIView[Any]):
    serializer_class = DirectOpenSerializer

    @extend_schema(request=DirectOpenSerializer, responses={200: ChannelSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = DirectOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = colleague_get(user=user, pk=serializer.validated_data["user"])
        if other is None:
            raise ApiError(gettext("Unknown person."), fields={"user": [gettext("Unknown person.")]})
        channel = services.direct_channel_open(opened_by=user, other=other)
        channel = selectors.channels_of(user).get(pk=channel.pk)
        return Response(ChannelSerializer(channel, context={"user": user}).data)


class DirectPartnerListApi(generics.ListAPIView[User]):
    """People the caller may start a direct conversation with."""

    serializer_class = PartnerSerializer

    def get_queryset(self) -> QuerySet[User]:
        return selectors.direct_partners_of(current_user(self.request))


def _reading_language(language: str) -> dict[str, Any]:
    notice = services.reading_language_notice(language)
    return {"language": language, "translatable": notice is None, "notice": notice}


class ReadingLanguageApi(generics.GenericAPIView[Any]):
    """The language the caller reads the chat in, and whether any package translates into it."""

    serializer_class = ReadingLanguageSerializer

    def get_object(self) -> Any:
        # The reader is the object (DRF's OPTIONS asks for it to check PUT permissions).
        return current_user(self.request)

    def get(self, request: Request) -> Response:
        return Response(_reading_language(services.reading_language(current_user(request))))

    def put(self, request: Request) -> Response:
        serializer = ReadingLanguageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reader = services.reading_language_set(user=current_user(request), **serializer.validated_data)
        return Response(_reading_language(reader.language))


class ChatSettingsApi(generics.GenericAPIView[Any]):
    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = ChatSettingsSerializer

    def get_object(self) -> ChatSettings:
        return selectors.chat_settings_of(current_user(self.request))

    def get(self, request: Request) -> Response:
        return Response(ChatSettingsSerializer(self.get_object()).data)

    def put(self, request: Request) -> Response:
        user = current_user(request)
        serializer = ChatSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert user.organisation is not None
        saved = services.chat_settings_update(organisation=user.organisation, **serializer.validated_data)
        return Response(ChatSettingsSerializer(saved).data)


class HelperPreviewApi(generics.GenericAPIView[Any]):
    """The translation helper: a text in each language (of a channel, or chosen), each with a
    back-translation, plus plain-language hints and glossary terms."""

    permission_classes = [roles(*HELPER_ROLES)]
    serializer_class = PreviewRequestSerializer

    @extend_schema(request=PreviewRequestSerializer, responses={200: PreviewSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = PreviewRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        targets = list(data["targets"])
        if data.get("channel"):
            channel = _channel(request, data["channel"])
            targets += sorted(services.channel_reading_languages(channel))
        preview = helper.translation_preview(
            user=user, text=data["text"], source=data.get("source"), targets=targets
        )
        return Response(PreviewSerializer(preview).data)


class HelperMemoryApi(generics.GenericAPIView[Any]):
    """Approve a corrected translation; it is used instead of machine translation from now on."""

    permission_classes = [roles(*HELPER_ROLES)]
    serializer_class = MemoryEntrySerializer

    @extend_schema(request=MemoryEntrySerializer, responses={201: MemoryEntrySerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = MemoryEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assert user.organisation_id is not None
        entry = services.translation_memory_approve(
            organisation_id=user.organisation_id,
            approved_by=user,
            source_language=data["source"],
            target_language=data["target"],
            source_text=data["source_text"],
            translated_text=data["translated_text"],
        )
        body = {
            "source": entry.source_language,
            "target": entry.target_language,
            "source_text": entry.source_text,
            "translated_text": entry.translated_text,
        }
        return Response(body, status=status.HTTP_201_CREATED)
