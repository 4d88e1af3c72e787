"""The chat on the real offline engine: Argos Translate packages built by the project's own
builder (random weights, so the words are nonsense; glossary terms, numbers and pivots are real)."""

import pytest

from welkom.chat import services
from welkom.chat.models import MessageTranslation
from welkom.chat.translation_port import ArgosTranslator, translate_for_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def argos(settings, languages):
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    return languages


def test_each_reader_language_is_made_once_with_glossary_terms_kept(org_a, argos):
    services.reading_language_set(user=org_a["team_lead"], language="en")
    services.reading_language_set(user=org_a["newcomer"], language="pl")
    services.reading_language_set(user=org_a["colleague"], language="nl")
    channel = services.team_channel_sync(team=org_a.team)
    message = services.message_post(
        channel=channel,
        author=org_a["colleague"],
        body="Je BSN-afspraak bij de gemeente is morgen.",
        language="nl",
    )
    assert services.message_translate(message_id=message.pk) == 2  # en, and pl through English
    assert services.message_translate(message_id=message.pk) == 0  # safe to run twice
    rows = {row.language: row for row in MessageTranslation.objects.filter(message=message)}
    assert set(rows) == {"en", "pl"}
    for row in rows.values():
        assert row.status == "translated", (row.language, row.reason)
        assert "BSN" in row.text  # a glossary "keep" term survives the model


def test_a_pair_without_a_package_says_why(org_a, argos):
    outcomes = translate_for_channel(
        organisation_id=org_a.organisation.pk, text="Hallo", source="nl", targets=["tr"]
    )
    assert not outcomes["tr"].ok
    assert "tr" in (outcomes["tr"].reason or "")


def test_detection_works_offline(argos):
    assert (
        ArgosTranslator().detect_language("Goedemorgen allemaal, de vergadering begint om negen uur.") == "nl"
    )
