"""Translation memory wins over the model; the cache is keyed by text, pair, package and glossary."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from welkom.translation import packages, services

pytestmark = pytest.mark.django_db


def _one(org, text="Welkom in het team, we beginnen maandag."):
    (result,) = services.translate_texts(
        organisation=org.organisation, texts=[text], source="nl", target="en"
    )
    return result


def _approve(org, source_text: str, translated_text: str, *, target: str = "en", by: str = "team_lead"):  # type: ignore[no-untyped-def]
    return services.memory_entry_save(
        organisation=org.organisation,
        source_language="nl",
        target_language=target,
        source_text=source_text,
        translated_text=translated_text,
        approved_by=org[by],
    )


def test_an_approved_translation_wins_over_the_model(org_a, languages):
    assert _one(org_a).origin == "machine"
    _approve(org_a, "Welkom in het team, we beginnen maandag.", "Welcome to the team, we start on Monday.")
    result = _one(org_a)
    assert (result.text, result.origin) == ("Welcome to the team, we start on Monday.", "memory")


def test_an_approved_translation_is_found_whatever_whitespace_surrounds_the_text(org_a, languages):
    _approve(org_a, "  Tot morgen!\n", " See you tomorrow! ")
    assert _one(org_a, "Tot morgen!").text == "See you tomorrow!"
    result = _one(org_a, "\n  Tot morgen!  ")
    assert (result.text, result.origin) == ("\n  See you tomorrow!  ", "memory")
    assert _one(org_a, "Tot morgen").origin == "machine"  # other text: the model
    assert services.memory_entries_forget(organisation_id=org_a.organisation.pk, texts=[" Tot morgen! "]) == 1


def test_memory_is_per_pair_and_per_organisation(org_a, org_b, languages):
    _approve(org_a, "Hallo", "Hi there", by="hr")
    assert _one(org_a, "Hallo").text == "Hi there"
    assert _one(org_b, "Hallo").origin == "machine"
    (to_polish,) = services.translate_texts(
        organisation=org_a.organisation, texts=["Hallo"], source="nl", target="pl"
    )
    assert to_polish.origin == "machine"


def test_a_second_request_is_served_from_the_cache(org_a, languages):
    first = _one(org_a)
    second = _one(org_a)
    assert (first.origin, second.origin) == ("machine", "cache")
    assert first.text == second.text


def test_a_new_package_version_invalidates_the_cache(org_a, languages, package_files):
    _one(org_a)
    packages.install_package(package_files["nl-en-v2"])
    assert _one(org_a).origin == "machine"
    assert _one(org_a).origin == "cache"


def test_a_glossary_change_invalidates_the_cache(org_a, languages):
    _one(org_a)
    services.glossary_entry_create(
        organisation=org_a.organisation, term="maandag", translation="Monday", target_language="en"
    )
    result = _one(org_a)
    assert result.origin == "machine"
    assert "Monday" in result.text


def test_the_glossary_file_applies_to_everyone(org_a, languages, settings, tmp_path):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("keep: [Zuidas]\ntranslate:\n  gemeente:\n    en: municipality\n", encoding="utf-8")
    settings.TRANSLATION_GLOSSARY_FILE = str(glossary)
    result = _one(org_a, "Het kantoor op de Zuidas is naast de gemeente.")
    assert "Zuidas" in result.text
    assert "municipality" in result.text


def test_an_edit_of_the_glossary_file_takes_effect_at_once(org_a, languages, settings, tmp_path):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("keep: [Zuidas]\n", encoding="utf-8")
    settings.TRANSLATION_GLOSSARY_FILE = str(glossary)
    text = "Het kantoor staat in de gemeente."
    assert "municipality" not in _one(org_a, text).text
    glossary.write_text("keep: [Zuidas]\ntranslate:\n  gemeente:\n    en: municipality\n", encoding="utf-8")
    result = _one(org_a, text)
    assert result.origin == "machine"
    assert "municipality" in result.text


def test_one_text_into_several_languages_at_once_matches_one_at_a_time(org_a, languages):
    text = "Welkom in het team, we beginnen maandag."
    _approve(org_a, text, "Witamy w zespole, zaczynamy w poniedziałek.", target="pl")
    outcomes = services.translate_into_languages(
        organisation=org_a.organisation, text=text, source="nl", targets=["en", "pl", "tr", "nl"]
    )
    assert set(outcomes) == {"en", "pl", "tr", "nl"}
    assert (outcomes["en"].text, outcomes["en"].origin) == (_one(org_a, text).text, "machine")
    assert (outcomes["pl"].text, outcomes["pl"].origin) == (
        "Witamy w zespole, zaczynamy w poniedziałek.",
        "memory",
    )
    assert isinstance(outcomes["tr"], services.UnsupportedLanguage)  # no package reaches Turkish
    assert (outcomes["nl"].text, outcomes["nl"].origin) == (text, "identity")
    # The model's answers were cached like any other.
    again = services.translate_into_languages(
        organisation=org_a.organisation, text=text, source="nl", targets=["en"]
    )
    assert again["en"].origin == "cache"


def test_several_languages_at_once_from_the_model(org_a, languages):
    text = "Goedemorgen! Om 9:30 is de stand-up."
    outcomes = services.translate_into_languages(
        organisation=None, text=text, source="nl", targets=["en", "pl"]
    )
    for target in ("en", "pl"):  # pl goes through English: two models, side by side
        (alone,) = services.translate_texts(organisation=None, texts=[text], source="nl", target=target)
        assert outcomes[target].text == alone.text
        assert outcomes[target].origin == "machine"


def test_removing_a_glossary_term_invalidates_the_cache(org_a, languages):
    entry = services.glossary_entry_create(
        organisation=org_a.organisation, term="maandag", translation="Monday", target_language="en"
    )
    assert "Monday" in _one(org_a).text
    services.glossary_entry_delete(entry=entry)
    result = _one(org_a)
    assert result.origin == "machine"
    assert "Monday" not in result.text


def test_a_message_into_several_languages_reads_the_rules_once(org_a, languages):
    """The glossary (its version and terms) and the acronym rule: one read each, for every target."""
    services.glossary_entry_create(organisation=org_a.organisation, term="Zuidas")
    with CaptureQueriesContext(connection) as queries:
        outcomes = services.translate_into_languages(
            organisation=org_a.organisation,
            text="Het kantoor op de Zuidas.",
            source="nl",
            targets=["en", "pl"],
        )
    assert all("Zuidas" in outcome.text for outcome in outcomes.values())  # type: ignore[union-attr]
    tables = [query["sql"] for query in queries.captured_queries]
    assert sum('"translation_glossaryentry"' in sql for sql in tables) == 1
    assert sum('"translation_translationsettings"' in sql for sql in tables) == 1
