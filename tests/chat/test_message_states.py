"""Every message ends in a state for every reader: translated, or shown as written with the reason
in the reader's language; a writer always sees their own words; a reader who changes language is
not left waiting (issue 17 §2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.chat.conftest import messages_url
from welkom.chat import services
from welkom.chat.models import ChatReader, Message

pytestmark = pytest.mark.django_db


def _shown(client, channel, message_id):
    response = client.get(messages_url(channel))
    assert response.status_code == 200, response.content
    return next(m["shown"] for m in response.json()["messages"] if m["id"] == message_id)


def _age(message_id: int, seconds: int) -> None:
    """The message was posted, and the readers chose their languages, ``seconds`` before now
    (instead of waiting that long)."""
    then = timezone.now() - timedelta(seconds=seconds)
    Message.objects.filter(pk=message_id).update(created_at=then)
    ChatReader.objects.update(changed_at=then)


def test_a_writer_sees_their_own_words_even_when_they_read_another_language(
    client_factory, org_a, team_channel, translator
):
    services.reading_language_set(user=org_a["team_lead"], language="nl")
    lead = client_factory(org_a["team_lead"])
    posted = lead.post(messages_url(team_channel), {"body": "Good morning", "language": "en"}, format="json")
    assert posted.status_code == 201, posted.content
    message_id = posted.json()["id"]
    services.message_translate(message_id=message_id)  # makes the Dutch one, for Dutch readers

    own = _shown(lead, team_channel, message_id)
    assert (own["status"], own["text"], own["language"]) == ("original", "Good morning", "en")
    assert _shown(client_factory(org_a["colleague"]), team_channel, message_id)["text"] == "Goedemorgen"


def test_a_pending_message_says_until_when_and_is_then_shown_as_written_with_why(
    client_factory, org_a, team_channel, translator, settings
):
    settings.CHAT_TRANSLATION_WAIT_SECONDS = 60
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Shift starts at 7", language="en"
    )
    org_a["newcomer"].language = "pl"  # reads the chat and the screens in Polish
    org_a["newcomer"].save(update_fields=["language"])
    newcomer = client_factory(org_a["newcomer"])

    waiting = _shown(newcomer, team_channel, message.pk)
    assert waiting["status"] == "pending"
    assert waiting["pending_until"] is not None

    _age(message.pk, 61)  # nobody translated it in time (no worker here)
    late = _shown(newcomer, team_channel, message.pk)
    assert (late["status"], late["text"], late["reason_code"]) == (
        "unavailable",
        "Shift starts at 7",
        "timed_out",
    )
    assert late["reason"] == "Tłumaczenie nie dotarło na czas."  # in Polish, the reader's language

    services.message_translate(message_id=message.pk)  # arriving late still wins
    assert _shown(newcomer, team_channel, message.pk)["status"] == "translated"


def test_the_reason_is_in_the_readers_language(client_factory, org_a, team_channel, translator):
    services.reading_language_set(user=org_a["newcomer"], language="ti")  # no package into Tigrinya
    newcomer = org_a["newcomer"]
    newcomer.language = "uk"
    newcomer.save(update_fields=["language"])
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Shift starts at 7", language="en"
    )
    shown = _shown(client_factory(newcomer), team_channel, message.pk)
    assert (shown["status"], shown["reason_code"]) == ("unavailable", "reader_untranslatable")
    # In the language of the screens around the message (Ukrainian), not in Tigrinya.
    assert shown["reason"] == "Жоден встановлений мовний пакет не перекладає мовою вашого чату."


def test_changing_to_a_language_no_package_reaches_ends_older_messages_at_once(
    client_factory, org_a, team_channel, translator
):
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Good morning", language="en"
    )
    services.message_translate(message_id=message.pk)
    colleague = client_factory(org_a["colleague"])
    assert _shown(colleague, team_channel, message.pk)["status"] == "translated"

    changed = colleague.put("/api/chat/reading-language", {"language": "ti"}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["translatable"] is False
    shown = _shown(colleague, team_channel, message.pk)
    assert (shown["status"], shown["text"], shown["reason_code"]) == (
        "unavailable",
        "Good morning",
        "reader_untranslatable",
    )


def test_changing_language_waits_from_the_change_not_from_the_post(
    client_factory, org_a, team_channel, translator, settings
):
    settings.CHAT_TRANSLATION_WAIT_SECONDS = 60
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Good morning", language="en"
    )
    _age(message.pk, 3600)
    colleague = client_factory(org_a["colleague"])
    assert colleague.put("/api/chat/reading-language", {"language": "uk"}, format="json").status_code == 200
    assert _shown(colleague, team_channel, message.pk)["status"] == "pending"  # a fresh wait

    # What the task does: Ukrainian, and the Polish that no worker had made yet.
    assert services.reader_messages_translate(user_id=org_a["colleague"].pk) == 2
    assert services.reader_messages_translate(user_id=org_a["colleague"].pk) == 0  # run twice: nothing
    shown = _shown(colleague, team_channel, message.pk)
    assert (shown["status"], shown["language"], shown["text"]) == ("translated", "uk", "[uk] Good morning")
