"""The text the voices read, per language: phone numbers digit by digit, amounts with their
currency, dates and times as said, Markdown and links not read as symbols, Dutch terms in Dutch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from welkom.speech.prepare import Segment, as_ssml, as_text, prepare

CASES = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}-{n}" for n, c in enumerate(CASES)])
def test_text_is_prepared_as_a_person_says_it(case):
    assert as_text(prepare(case["source"], case["lang"])) == case["said"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "On 6 December 2026 at 9 o'clock"),
        ("nl", "On 6 december 2026 at 9 uur"),
        ("pl", "On 6 grudnia 2026 at godzina 9"),
        ("ro", "On 6 decembrie 2026 at ora 9"),
        ("bg", "On 6 декември 2026 at 9 часа"),
        ("uk", "On 6 грудня 2026 at 9 година"),
        ("tr", "On 6 Aralık 2026 at saat 9"),  # noqa: RUF001 (Turkish dotless i)
        ("ar", "On 6 ديسمبر 2026 at الساعة 9"),
    ],
)
def test_dates_and_full_hours_in_every_language(lang, said):
    assert as_text(prepare("On 06/12/2026 at 09:00", lang)) == f"{said}."


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("In 2026 there were 35 people", "In 2026 there were 35 people."),  # a year, a count: numbers
        ("Room 12-14, score 3.5", "Room 12-14, score 3.5."),
        ("Not a date: 2026-13-45", "Not a date: 2026-13-45."),
        ("Call 020 555 1234 or 06-12345678", "Call 0 2 0, 5 5 5, 1 2 3 4 or 0 6, 1 2 3 4 5 6 7 8."),
    ],
)
def test_other_numbers_stay_numbers(source, said):
    assert as_text(prepare(source, "en")) == said


def test_dutch_terms_are_segments_in_dutch_and_links_are_not_read():
    source = "Go to the [gemeente](https://www.rijksoverheid.nl) for your **BSN**, then find a huisarts."
    segments = prepare(source, "pl", terms=["gemeente", "BSN", "huisarts", "huisartsenpost"])
    assert segments == [
        Segment("Go to the ", "pl"),
        Segment("gemeente", "nl"),
        Segment(" for your ", "pl"),
        Segment("BSN", "nl"),
        Segment(", then find a ", "pl"),
        Segment("huisarts", "nl"),
        Segment(".", "pl"),
    ]
    ssml = as_ssml(segments, "pl")
    assert ssml.startswith('<speak xml:lang="pl">Go to the <voice name="nl">gemeente</voice>')
    assert "https" not in ssml
    assert "*" not in ssml


def test_a_longer_term_wins_and_dutch_text_needs_no_switch():
    segments = prepare("Bel de huisartsenpost & de huisarts <3", "en", terms=["huisarts", "huisartsenpost"])
    assert [s.text for s in segments if s.language == "nl"] == ["huisartsenpost", "huisarts"]
    assert "&amp;" in as_ssml(segments, "en")
    assert "&lt;3" in as_ssml(segments, "en")
    assert prepare("Bel de huisarts", "nl", terms=["huisarts"]) == [Segment("Bel de huisarts.", "nl")]


def test_html_from_the_content_is_read_as_sentences():
    html = (
        '<h2>Ziek?</h2><ul><li>Bel je <a href="/x">leidinggevende</a> voor 9:00</li>'
        "<li>Zie <code>/ziek</code></li></ul>"
    )
    assert as_text(prepare(html, "nl")) == "Ziek?\nBel je leidinggevende voor 9 uur.\nZie /ziek."
