"""The team lead's translation helper: previews with back-translations, hints, glossary terms and
corrections that become approved translation memory."""

from __future__ import annotations

import pytest

from welkom.chat import helper, services
from welkom.chat.models import MessageTranslation
from welkom.translation.models import MemoryEntry

pytestmark = pytest.mark.django_db

PREVIEW = "/api/chat/helper/preview"


def test_preview_into_every_language_of_the_channel_with_back_translation(
    client_factory, org_a, team_channel, translator
):
    response = client_factory(org_a["team_lead"]).post(
        PREVIEW, {"text": "Bring your DigiD login", "source": "en", "channel": team_channel.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["source"] == "en"
    assert [(line["language"], line["text"], line["back_translation"]) for line in body["translations"]] == [
        ("nl", "[nl] Bring your DigiD login", "Bring your DigiD login"),
        ("pl", "[pl] Bring your DigiD login", "Bring your DigiD login"),
    ]
    assert [(hint["kind"], hint["phrase"]) for hint in body["hints"]] == [("glossary_keep", "DigiD")]


def test_preview_on_its_own_page_with_chosen_languages_and_missing_packages(
    client_factory, org_a, translator
):
    response = client_factory(org_a["hr"]).post(
        PREVIEW, {"text": "Goedemorgen", "targets": ["en", "ti"]}, format="json"
    )
    lines = {line["language"]: line for line in response.json()["translations"]}
    assert response.json()["source"] == "nl"  # detected
    assert (lines["en"]["text"], lines["en"]["back_translation"]) == ("Good morning", "Goedemorgen")
    assert lines["ti"]["text"] is None
    assert lines["ti"]["reason"] == "No language package for nl→ti."


def test_hints_point_out_long_sentences_idioms_jargon_and_glossary_terms():
    text = (
        "Let's touch base ASAP about your huisarts and BSN. "
        + "This sentence goes on and on with far too many words for a machine to translate well without "
        "losing the meaning somewhere in the middle of it all today."
    )
    hints = {(hint.kind, hint.phrase) for hint in helper.writing_hints(text=text, language="en")}
    assert {
        ("idiom", "touch base"),
        ("jargon", "ASAP"),
        ("glossary_fixed", "huisarts"),
        ("glossary_keep", "BSN"),
    } <= hints
    assert any(kind == "long_sentence" for kind, _ in hints)
    fixed = next(h for h in helper.writing_hints(text=text, language="en") if h.kind == "glossary_fixed")
    assert fixed.translations["en"] == "GP (family doctor)"


@pytest.mark.parametrize(
    ("language", "text", "idiom", "jargon", "municipality"),
    [
        ("ro", "Mergi la gemeente cât ai zice pește, ASAP.", "cât ai zice pește", "ASAP", "primărie"),
        ("bg", "Донеси ЕГН за gemeente: капка в морето.", "капка в морето", "ЕГН", "община"),
    ],
    ids=["ro", "bg"],
)
def test_romanian_and_bulgarian_writers_get_hints_in_their_own_language(
    language, text, idiom, jargon, municipality
):
    hints = helper.writing_hints(text=text, language=language)
    assert {("idiom", idiom), ("jargon", jargon)} <= {(hint.kind, hint.phrase) for hint in hints}
    fixed = next(hint for hint in hints if hint.kind == "glossary_fixed")
    assert (fixed.phrase, fixed.translations[language]) == ("gemeente", municipality)
    # Another language's idioms are not looked for: the same text read as English has none.
    assert not [hint for hint in helper.writing_hints(text=text, language="en") if hint.kind == "idiom"]


def test_every_fixed_glossary_term_for_workers_has_romanian_and_bulgarian_too():
    """A term translated one fixed way into Polish (the first EU-worker language it had) is fixed
    for the other two largest groups, Romanians and Bulgarians, as well."""
    fixed = helper.glossary()["fixed"]
    with_polish = {term: languages for term, languages in fixed.items() if "pl" in languages}
    assert with_polish, "the shipped glossary has fixed Polish translations"
    assert {term: sorted({"ro", "bg"} - set(languages)) for term, languages in with_polish.items()} == {
        term: [] for term in with_polish
    }


def test_a_correction_becomes_approved_memory_and_wins_next_time(client_factory, org_a, translator):
    lead = client_factory(org_a["team_lead"])
    response = lead.post(
        "/api/chat/helper/memory",
        {
            "source": "en",
            "target": "nl",
            "source_text": "Bring your ID card",
            "translated_text": "Neem je ID-kaart mee",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    preview = lead.post(
        PREVIEW, {"text": "Bring your ID card", "source": "en", "targets": ["nl"]}, format="json"
    ).json()
    line = preview["translations"][0]
    assert (line["text"], line["origin"]) == ("Neem je ID-kaart mee", "memory")
    entry = MemoryEntry.objects.get()  # the organisation's one translation memory
    assert (entry.organisation, entry.approved_by) == (org_a.organisation, org_a["team_lead"])
    listed = lead.get("/api/translation/memory").json()["results"]
    assert [(e["source_text"], e["translated_text"]) for e in listed] == [
        ("Bring your ID card", "Neem je ID-kaart mee")
    ]


def test_a_correction_in_the_helper_is_used_by_the_chat_and_by_translate(
    client_factory, org_a, team_channel, languages, settings
):
    """Real Argos packages (en→nl installed): the correction wins over the model everywhere."""
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    lead = client_factory(org_a["team_lead"])
    correction = {
        "source": "en",
        "target": "nl",
        "source_text": "  Bring your ID card  ",
        "translated_text": "Neem je ID-kaart mee",
    }
    assert lead.post("/api/chat/helper/memory", correction, format="json").status_code == 201

    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Bring your ID card", language="en"
    )
    services.message_translate(message_id=message.pk)
    dutch = MessageTranslation.objects.get(message=message, language="nl")
    assert (dutch.text, dutch.origin) == ("Neem je ID-kaart mee", "memory")

    for client in (lead, client_factory(org_a["colleague"])):
        answer = client.post(
            "/translate", {"q": "Bring your ID card", "source": "en", "target": "nl"}, format="json"
        )
        assert answer.status_code == 200, answer.content
        assert answer.json()["translatedText"] == "Neem je ID-kaart mee"
    polish = lead.post(
        "/translate", {"q": "Bring your ID card", "source": "en", "target": "pl"}, format="json"
    )
    assert polish.json()["translatedText"] != "Neem je ID-kaart mee"  # another pair: the model


def test_an_entry_approved_on_the_translation_pages_is_used_by_the_chat(
    client_factory, org_a, team_channel, translator
):
    hr = client_factory(org_a["hr"])
    entry = {
        "source_language": "en",
        "target_language": "pl",
        "source_text": "Lunch is at noon",
        "translated_text": "Obiad jest w południe",
    }
    assert hr.post("/api/translation/memory", entry, format="json").status_code == 201
    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Lunch is at noon", language="en"
    )
    services.message_translate(message_id=message.pk)
    polish = MessageTranslation.objects.get(message=message, language="pl")
    assert (polish.text, polish.origin) == ("Obiad jest w południe", "memory")
    assert translator.calls == [("Lunch is at noon", "en", ("nl",))]  # only Dutch by machine


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "", "targets": ["nl"]}, "text"),
        ({"text": "Hi"}, "targets"),
        ({"text": "Hi", "targets": ["dutch language"]}, "targets"),
        ({"text": "Hi", "source": "english", "targets": ["nl"]}, "source"),
    ],
)
def test_bad_previews_get_a_400_naming_the_field(client_factory, org_a, payload, field):
    response = client_factory(org_a["team_lead"]).post(PREVIEW, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_bad_memory_entries_write_nothing(client_factory, org_a):
    response = client_factory(org_a["team_lead"]).post(
        "/api/chat/helper/memory",
        {"source": "en", "target": "en", "source_text": "a", "translated_text": "b"},
        format="json",
    )
    assert response.status_code == 400
    assert "target" in response.json()["fields"]
    assert not MemoryEntry.objects.exists()


@pytest.mark.parametrize("role", ["newcomer", "colleague"])
def test_the_helper_is_for_team_leads_and_hr(client_factory, org_a, role):
    client = client_factory(org_a[role])
    assert client.post(PREVIEW, {"text": "Hi", "targets": ["nl"]}, format="json").status_code == 403
    memory = {"source": "en", "target": "nl", "source_text": "a", "translated_text": "b"}
    assert client.post("/api/chat/helper/memory", memory, format="json").status_code == 403
