from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chat.translator_double import ReversibleTestTranslator
from welkom.chat import services
from welkom.chat.models import Channel

DOUBLE = "tests.chat.translator_double.ReversibleTestTranslator"


@pytest.fixture
def translator(settings) -> Iterator[type[ReversibleTestTranslator]]:  # type: ignore[no-untyped-def]
    """The deterministic test translator, plugged in through the setting the real engine uses."""
    settings.CHAT_TRANSLATOR = DOUBLE
    ReversibleTestTranslator.reset()
    yield ReversibleTestTranslator
    ReversibleTestTranslator.reset()


@pytest.fixture
def team_channel(org_a) -> Channel:  # type: ignore[no-untyped-def]
    """org_a's team channel: team lead reads English, newcomer Polish, colleague Dutch."""
    services.reading_language_set(user=org_a["team_lead"], language="en")
    services.reading_language_set(user=org_a["newcomer"], language="pl")
    services.reading_language_set(user=org_a["colleague"], language="nl")
    return services.team_channel_sync(team=org_a.team)


def messages_url(channel: Channel | int) -> str:
    return f"/api/chat/channels/{getattr(channel, 'pk', channel)}/messages"
