"""Messages are stored as written, translated once per reading language, and each reader sees
their own language with the original one tap away."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from tests.chat.conftest import messages_url
from tests.factories import UserFactory
from welkom.accounts.models import Role
from welkom.accounts.services import team_member_add
from welkom.chat import services
from welkom.chat.models import Message, MessageTranslation
from welkom.translation.models import MemoryEntry

pytestmark = pytest.mark.django_db


def _post(client, channel, body, **extra):
    return client.post(messages_url(channel), {"body": body, **extra}, format="json")


def _latest(client, channel):
    response = client.get(messages_url(channel))
    assert response.status_code == 200, response.content
    return response.json()


def test_each_reader_sees_the_message_in_their_language(client_factory, org_a, team_channel, translator):
    lead = client_factory(org_a["team_lead"])
    response = _post(lead, team_channel, "Good morning", language="en")
    assert response.status_code == 201, response.content
    message = response.json()
    assert message["shown"]["status"] == "original"
    services.message_translate(message_id=message["id"])

    polish = _latest(client_factory(org_a["newcomer"]), team_channel)["messages"][0]
    assert polish["shown"] == {
        "language": "pl",
        "text": "[pl] Good morning",
        "status": "translated",
        "translated_from": "en",
        "origin": "machine",
        "reason": None,
        "reason_code": None,
        "pending_until": None,
        "demo": False,
        "notice": None,
    }
    assert polish["body"] == "Good morning"  # the original, one tap away
    dutch = _latest(client_factory(org_a["colleague"]), team_channel)["messages"][0]
    assert dutch["shown"]["text"] == "Goedemorgen"
    assert dutch["shown"]["translated_from"] == "en"
    own = _latest(lead, team_channel)["messages"][0]
    assert own["shown"]["status"] == "original"
    assert own["mine"] is True


def test_one_translation_per_language_not_per_reader(org_a, team_channel, translator):
    for n in range(3):
        person = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE)
        services.reading_language_set(user=person, language="nl" if n < 2 else "pl")
        team_member_add(team=org_a.team, user=person)
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Hello", language="en"
    )

    assert services.message_translate(message_id=message.pk) == 2
    assert services.message_translate(message_id=message.pk) == 0  # a second run (retry) does nothing

    assert sorted(MessageTranslation.objects.filter(message=message).values_list("language", flat=True)) == [
        "nl",
        "pl",
    ]
    assert translator.calls == [("Hello", "en", ("nl", "pl"))]


def test_language_is_detected_when_not_chosen(org_a, team_channel, translator):
    message = services.message_post(channel=team_channel, author=org_a["newcomer"], body="Hallo, ik ben er")
    assert (message.language, message.language_detected) == ("nl", True)
    unclear = services.message_post(channel=team_channel, author=org_a["newcomer"], body="👍")
    assert (unclear.language, unclear.language_detected) == ("pl", False)  # the writer's own language


def test_without_a_package_the_reader_sees_the_original_and_why(
    client_factory, org_a, team_channel, translator
):
    services.reading_language_set(user=org_a["newcomer"], language="ti")
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Shift starts at 7", language="en"
    )
    services.message_translate(message_id=message.pk)
    shown = _latest(client_factory(org_a["newcomer"]), team_channel)["messages"][0]["shown"]
    assert shown["status"] == "unavailable"
    assert shown["text"] == "Shift starts at 7"
    assert shown["reason_code"] == "no_package"
    assert shown["reason"] == "No installed language package translates between these two languages."


def test_without_a_language_package_the_reader_is_told_which_one(client_factory, org_a, team_channel):
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Hello", language="en"
    )
    services.message_translate(message_id=message.pk)
    shown = _latest(client_factory(org_a["colleague"]), team_channel)["messages"][0]["shown"]
    assert shown["status"] == "unavailable"
    assert shown["reason_code"] == "no_package"


def test_edit_redoes_translations_and_reaches_readers_catching_up(
    client_factory, org_a, team_channel, translator
):
    lead = client_factory(org_a["team_lead"])
    colleague = client_factory(org_a["colleague"])
    message = _post(lead, team_channel, "Hello", language="en").json()
    services.message_translate(message_id=message["id"])
    cursor = _latest(colleague, team_channel)["cursor"]

    response = lead.patch(f"/api/chat/messages/{message['id']}", {"body": "See you tomorrow"}, format="json")
    assert response.status_code == 200, response.content
    assert not MessageTranslation.objects.filter(message_id=message["id"]).exists()  # old ones are gone
    services.message_translate(message_id=message["id"])
    assert MessageTranslation.objects.get(message_id=message["id"], language="nl").text == "Tot morgen"

    changes = colleague.get(messages_url(team_channel), {"after": cursor}).json()
    assert [m["id"] for m in changes["messages"]] == [message["id"]]  # once, not once per change
    assert changes["messages"][0]["shown"]["text"] == "Tot morgen"
    assert changes["messages"][0]["edited_at"] is not None


def test_delete_removes_translations_and_leaves_a_tombstone_for_catch_up(
    client_factory, org_a, team_channel, translator
):
    lead = client_factory(org_a["team_lead"])
    colleague = client_factory(org_a["colleague"])
    message = _post(lead, team_channel, "Hello", language="en").json()
    services.message_translate(message_id=message["id"])
    cursor = _latest(colleague, team_channel)["cursor"]

    assert lead.delete(f"/api/chat/messages/{message['id']}").status_code == 204
    assert not MessageTranslation.objects.filter(message_id=message["id"]).exists()
    assert services.message_translate(message_id=message["id"]) == 0
    change = colleague.get(messages_url(team_channel), {"after": cursor}).json()["messages"][0]
    assert (change["id"], change["deleted"], change["body"], change["shown"]["text"]) == (
        message["id"],
        True,
        "",
        "",
    )
    assert _latest(colleague, team_channel)["messages"] == []


def test_an_edit_racing_a_translation_does_not_store_the_stale_one(org_a, team_channel, translator):
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Hello", language="en"
    )
    stale_revision = message.revision
    services.message_edit(message=message, editor=org_a["team_lead"], body="Good morning")
    outcome = services.translation_port.TranslationOutcome.translated("Hallo")
    stored = services._translations_store(
        message_id=message.pk, revision=stale_revision, outcomes={"nl": (outcome, "machine")}
    )
    assert stored == 0
    assert not MessageTranslation.objects.filter(message=message).exists()


def test_only_the_author_edits_or_deletes(client_factory, org_a, team_channel):
    message = _post(client_factory(org_a["team_lead"]), team_channel, "Hello", language="en").json()
    colleague = client_factory(org_a["colleague"])
    assert (
        colleague.patch(f"/api/chat/messages/{message['id']}", {"body": "x"}, format="json").status_code
        == 403
    )
    assert colleague.delete(f"/api/chat/messages/{message['id']}").status_code == 403
    assert Message.objects.get(pk=message["id"]).body == "Hello"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "   "}, "body"),
        ({"body": "x" * 4001}, "body"),
        ({"body": "Hi", "language": "polish!"}, "language"),
        ({"body": "Hi", "mentions": [999999]}, "mentions"),
        ({"body": "Hi", "corrections": {"nl": ""}}, "corrections"),
        ({}, "body"),
    ],
)
def test_bad_messages_get_a_400_naming_the_field_and_write_nothing(
    client_factory, org_a, team_channel, payload, field
):
    response = client_factory(org_a["team_lead"]).post(messages_url(team_channel), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Message.objects.exists()
    assert not MemoryEntry.objects.exists()
    team_channel.refresh_from_db()
    assert team_channel.last_seq == 0


def test_catch_up_after_being_offline_is_in_order_without_duplicates(
    client_factory, org_a, team_channel, translator
):
    lead = client_factory(org_a["team_lead"])
    colleague = client_factory(org_a["colleague"])
    cursor = _latest(colleague, team_channel)["cursor"]
    ids = [_post(lead, team_channel, f"Message {n}", language="en").json()["id"] for n in range(5)]
    for message_id in ids[:3]:
        services.message_translate(message_id=message_id)

    seen: dict[int, dict] = {}
    order: list[int] = []
    while True:
        answer = colleague.get(messages_url(team_channel), {"after": cursor}).json()
        if not answer["messages"]:
            break
        for item in answer["messages"]:
            order.append(item["id"])
            seen[item["id"]] = item
        cursor = answer["cursor"]
    # Each message arrives when posted and again when its translation is stored; a client keeps the
    # latest copy by id and orders by seq.
    assert sorted(seen.values(), key=lambda m: m["seq"]) == [seen[i] for i in ids]
    assert [seen[i]["shown"]["status"] for i in ids] == ["translated"] * 3 + ["pending"] * 2
    changed = [seen[i]["changed_seq"] for i in ids]
    assert len(set(changed)) == len(changed)
    assert colleague.get(messages_url(team_channel), {"after": cursor}).json()["messages"] == []


def test_long_poll_answers_empty_after_waiting_when_nothing_happens(
    client_factory, org_a, team_channel, settings
):
    settings.CHAT_LONG_POLL_SECONDS = 1
    answer = (
        client_factory(org_a["colleague"]).get(messages_url(team_channel), {"after": 0, "wait": 30}).json()
    )
    assert answer == {"cursor": 0, "has_more": False, "messages": [], "retry_after": 0}


@pytest.mark.django_db(transaction=True)
def test_a_reader_beyond_the_waiting_places_is_answered_at_once_and_asked_to_retry(
    client_factory, org_a, team_channel, settings
):
    settings.CHAT_LONG_POLL_SECONDS = 5
    settings.CHAT_LONG_POLL_WAITERS = 1  # one waiting request per web process
    first: list[dict] = []

    def wait_for_news() -> None:
        try:
            reader = client_factory(org_a["newcomer"])
            first.append(reader.get(messages_url(team_channel), {"after": 0, "wait": 5}).json())
        finally:
            connection.close()  # this thread's own database connection

    waiting = threading.Thread(target=wait_for_news)
    waiting.start()
    time.sleep(0.5)  # the first reader now holds the only waiting place
    started = time.monotonic()
    second = client_factory(org_a["colleague"]).get(messages_url(team_channel), {"after": 0, "wait": 5})
    assert time.monotonic() - started < 2
    assert second.json() == {"cursor": 0, "has_more": False, "messages": [], "retry_after": 1}

    message = _post(client_factory(org_a["team_lead"]), team_channel, "Pallets at dock 3", language="en")
    waiting.join(10)
    assert [item["id"] for item in first[0]["messages"]] == [message.json()["id"]]
    assert first[0]["retry_after"] == 0
    # The place is free again: the next reader waits (and gets an empty answer after the wait).
    settings.CHAT_LONG_POLL_SECONDS = 1
    started = time.monotonic()
    after = message.json()["changed_seq"]
    again = client_factory(org_a["colleague"]).get(messages_url(team_channel), {"after": after, "wait": 1})
    assert again.json()["retry_after"] == 0
    assert time.monotonic() - started >= 0.9


def test_hand_corrections_are_stored_as_approved_memory_and_reused(
    client_factory, org_a, team_channel, translator
):
    lead = client_factory(org_a["team_lead"])
    response = _post(
        lead, team_channel, "Bring your ID card", language="en", corrections={"nl": "Neem je ID-kaart mee"}
    )
    assert response.status_code == 201, response.content
    services.message_translate(message_id=response.json()["id"])
    dutch = MessageTranslation.objects.get(message_id=response.json()["id"], language="nl")
    assert (dutch.text, dutch.origin) == ("Neem je ID-kaart mee", "memory")
    assert translator.calls == [("Bring your ID card", "en", ("pl",))]  # Polish by machine only

    again = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Bring your ID card", language="en"
    )
    services.message_translate(message_id=again.pk)
    assert MessageTranslation.objects.get(message=again, language="nl").text == "Neem je ID-kaart mee"
    entry = MemoryEntry.objects.get()  # one entry in the organisation's translation memory
    assert (entry.source_language, entry.target_language, entry.approved_by) == (
        "en",
        "nl",
        org_a["team_lead"],
    )


def test_only_team_leads_and_hr_approve_corrections(client_factory, org_a, team_channel):
    response = _post(
        client_factory(org_a["colleague"]), team_channel, "Hi", language="nl", corrections={"en": "Hi"}
    )
    assert response.status_code == 403
    assert not Message.objects.exists()
