"""A message's answer is built directly (``MessageSerializer.to_representation``), not field by field
as DRF does: it must give exactly what DRF's own path gives, for every state a message can be in,
for its writer and its readers, in any time zone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

from tests.chat.conftest import messages_url
from welkom.chat import selectors, services
from welkom.chat.models import ChatReader, Message
from welkom.chat.serializers import MessageSerializer

pytestmark = pytest.mark.django_db


def _drf(message: Message, context: dict) -> dict:
    """What DRF's ModelSerializer makes of the message, field by field."""
    return dict(serializers.ModelSerializer.to_representation(MessageSerializer(context=context), message))


def test_every_state_of_a_message_is_answered_as_drf_would_answer_it(
    client_factory, org_a, team_channel, translator, settings
):
    settings.CHAT_TRANSLATION_WAIT_SECONDS = 60
    lead, colleague, newcomer = org_a["team_lead"], org_a["colleague"], org_a["newcomer"]
    services.reading_language_set(user=colleague, language="nl")
    services.reading_language_set(user=newcomer, language="ti")  # nothing translates into Tigrinya
    translated = services.message_post(
        channel=team_channel, author=lead, body="Good morning", language="en", mentions=[colleague.pk]
    )
    services.message_translate(message_id=translated.pk)
    services.message_post(channel=team_channel, author=lead, body="Shift starts at 7", language="en")
    late = services.message_post(channel=team_channel, author=lead, body="Gloves on", language="en")
    then = timezone.now() - timedelta(minutes=5)  # posted, and languages chosen, before the wait
    Message.objects.filter(pk=late.pk).update(created_at=then)
    ChatReader.objects.update(changed_at=then)
    edited = services.message_post(channel=team_channel, author=colleague, body="Hallo", language="nl")
    services.message_edit(message=edited, editor=colleague, body="Hallo allemaal")
    gone = services.message_post(channel=team_channel, author=colleague, body="Oeps", language="nl")
    services.message_delete(message=gone, deleted_by=colleague)
    orphan = services.message_post(
        channel=team_channel, author=lead, body="From a former lead", language="en"
    )
    Message.objects.filter(pk=orphan.pk).update(author=None)

    compared = 0
    for zone in ("UTC", "Europe/Amsterdam", "America/New_York"):
        with timezone.override(zone):
            for reader in (lead, colleague, newcomer):
                context = {"user": reader, **services.reader_view(user=reader)}
                rows, _ = selectors.messages_changed_since(  # deleted ones too, as tombstones
                    channel=team_channel, reader=reader, after=0, language=context["language"]
                )
                assert len(rows) == 6
                for message in rows:
                    assert MessageSerializer(message, context=context).data == _drf(message, context), (
                        zone,
                        reader.email,
                        message.body,
                    )
                    compared += 1
                many = MessageSerializer(rows, many=True, context=context).data
                assert many == [_drf(message, context) for message in rows]
    assert compared == 3 * 3 * 6

    # The states the readers meet are all there (so the comparison covered them).
    answer = client_factory(colleague).get(f"{messages_url(team_channel)}?after=0").json()["messages"]
    statuses = {message["body"] or "(deleted)": message["shown"]["status"] for message in answer}
    assert statuses["Good morning"] == "translated"
    assert statuses["Shift starts at 7"] == "pending"
    assert statuses["Gloves on"] == "unavailable"
    assert statuses["Hallo allemaal"] == "original"
    edited_answer = next(message for message in answer if message["body"] == "Hallo allemaal")
    assert edited_answer["edited_at"] is not None
    assert any(message["deleted"] for message in answer)
    assert any(message["author"] is None for message in answer)
    assert any(message["mentions"] == [colleague.pk] for message in answer)
    assert {
        message["shown"]["status"]
        for message in client_factory(newcomer)
        .get(f"{messages_url(team_channel)}?after=0")
        .json()["messages"]
    } >= {"unavailable"}
