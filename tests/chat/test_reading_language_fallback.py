"""The chat language of a reader who never chose one: a newcomer's preferred language first, then
the interface language. Fixtures here leave the reader's own choice empty on purpose, so the
fallback itself is what runs."""

import pytest

from tests.privacy.helpers import newcomer_with_profile
from welkom.accounts import services as accounts_services
from welkom.chat import services as chat
from welkom.chat.models import ChatReader

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
