"""The chat language of a reader who never chose one: a newcomer's preferred language first, then
the interface language. Fixtures here leave the reader's own choice empty on purpose, so the
fallback itself is what runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.chat.conftest import messages_url
from tests.privacy.helpers import newcomer_with_profile
from welkom.accounts import services as accounts_services
from welkom.chat import services as chat
from welkom.chat.models import ChatReader, Message

pytestmark = pytest.mark.django_db


def test_a_newcomer_who_chose_no_chat_language_reads_in_their_preferred_language(org_a):
    newcomer = newcomer_with_profile(org_a, full_name="Kasia Nowak", email="kasia@alpha.test")
    profile = newcomer.newcomer_profile
    profile.preferred_language = "pl"
    profile.save()
    newcomer.language = "en"
    newcomer.save()
    org_a["team_lead"].language = "nl"
    org_a["team_lead"].save()
    accounts_services.team_member_add(team=org_a.team, user=newcomer)
    channel = chat.team_channel_sync(team=org_a.team)
    assert not ChatReader.objects.filter(user__in=[newcomer, org_a["team_lead"]]).exists()

    assert chat.reading_language(newcomer) == "pl"
    assert chat.reading_language(org_a["team_lead"]) == "nl"  # no profile: the interface language
    languages = chat.channel_reading_languages(channel)
    assert "pl" in languages
    assert "nl" in languages

    chat.reading_language_set(user=newcomer, language="uk")  # a choice beats the profile
    assert chat.reading_language(newcomer) == "uk"
    assert "uk" in chat.channel_reading_languages(channel)


def test_a_newcomer_who_chose_no_chat_language_waits_for_and_gets_messages_in_their_preferred_language(
    client_factory, org_a, translator, settings
):
    """Without a choice of their own the wait counts from the message, the reason of a late one is in
    the screens' language, and the translation is into the profile's preferred language."""
    settings.CHAT_TRANSLATION_WAIT_SECONDS = 60
    newcomer = newcomer_with_profile(org_a, full_name="Kasia Nowak", email="kasia@alpha.test")
    newcomer.newcomer_profile.preferred_language = "pl"
    newcomer.newcomer_profile.save()
    newcomer.language = "nl"  # the screens in Dutch, the chat in Polish
    newcomer.save()
    accounts_services.team_member_add(team=org_a.team, user=newcomer)
    channel = chat.team_channel_sync(team=org_a.team)
    message = chat.message_post(
        channel=channel, author=org_a["team_lead"], body="Shift starts at 7", language="en"
    )
    assert not ChatReader.objects.filter(user=newcomer).exists()
    client = client_factory(newcomer)

    def shown():
        response = client.get(messages_url(channel))
        assert response.status_code == 200, response.content
        return next(m["shown"] for m in response.json()["messages"] if m["id"] == message.pk)

    waiting = shown()
    assert waiting["status"] == "pending"
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    late = shown()
    assert (late["status"], late["text"], late["reason_code"]) == (
        "unavailable",
        "Shift starts at 7",
        "timed_out",
    )
    assert late["reason"] == "De vertaling kwam niet op tijd."

    chat.message_translate(message_id=message.pk)
    assert (shown()["status"], shown()["language"], shown()["text"]) == (
        "translated",
        "pl",
        "[pl] Shift starts at 7",
    )
