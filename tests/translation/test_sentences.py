"""Sentence splitting: Welkom's quick abbreviation search (welkom.translation.engine) splits every
text exactly as pysbd does, in every language pysbd knows. Same splits, same sentences for the
model, so the same translations as argostranslate's."""

from __future__ import annotations

import random

import pysbd
import pytest
from pysbd.languages import LANGUAGE_CODES

from bench.translation.messages import messages
from welkom.translation.engine import PysbdSentencizer

PATTERNS = [
    "{word} {abbr} {word}. {Word} {word} {abbr}. {Word}?",
    "{Abbr} {word}, {abbr}. 12 {word}. {Word} ({abbr}) {word}!",
    "{word}{abbr}. {abbr}.{word} {ABBR}. {Word} {abbr}.\n{abbr}. {word} {abbr}.: {word}",
    "{Word} {abbr}. {word} {abbr}. 3 {abbr}. {Word} {abbr}.{abbr}. {word} - {abbr}. I'm {word}.",
]
WORDS = ["team", "morgen", "Ana", "kantoor", "werk", "iemand", "overleg", "dag", "E.U.", "p.m.", "a.m."]


def texts_with_abbreviations(language: str, count: int) -> list[str]:
    """Sentences around the language's own abbreviations (every one of them, in turn), in the
    positions pysbd's rules look at: before a capital, a digit, a colon, in brackets, at a line's
    start, glued to a word."""
    chooser = random.Random(f"sentences-{language}")
    abbreviations = [
        abbreviation.strip() for abbreviation in LANGUAGE_CODES[language].Abbreviation.ABBREVIATIONS
    ]
    found = []
    for index in range(count):
        picked = [abbreviations[(index * 4 + offset) % len(abbreviations)] for offset in range(4)]
        values: dict[str, str] = {}
        text = chooser.choice(PATTERNS)
        while "{" in text:
            field = text[text.index("{") + 1 : text.index("}")]
            value = picked[len(values) % 4] if field.lower() == "abbr" else chooser.choice(WORDS)
            value = (
                value.upper()
                if field == "ABBR"
                else value[:1].upper() + value[1:]
                if field[0].isupper()
                else value
            )
            values[field + str(len(values))] = value
            text = text.replace("{" + field + "}", value, 1)
        found.append(text)
    return found


def pysbd_split(language: str, text: str) -> list[str]:
    segmenter = pysbd.Segmenter(language=language, clean=False)
    return [sentence for sentence in segmenter.segment(text) if sentence.strip()] if text.strip() else []


@pytest.mark.parametrize("language", sorted(LANGUAGE_CODES))
def test_sentences_are_split_exactly_as_pysbd_splits_them(language):
    ours = PysbdSentencizer(language)
    count = 420 if language in ("nl", "it", "da") else 80  # the languages with the longest lists
    texts = texts_with_abbreviations(language, count)
    if language == "nl":
        texts += messages(200)
    for text in texts:
        assert ours.split_sentences(text) == pysbd_split(language, text), text


def test_a_text_is_split_once_for_every_package_of_its_language(monkeypatch):
    """A chat message goes to each reader's language through a model of its own: the second
    model of the same source language gets the first one's sentences, not another pysbd run; a
    text split long ago (more than RECENT texts since) is split again."""
    calls: list[str] = []
    segment = pysbd.Segmenter.segment

    def counted(self: pysbd.Segmenter, text: str) -> list[str]:
        calls.append(text)
        return segment(self, text)

    monkeypatch.setattr(pysbd.Segmenter, "segment", counted)
    text = "Dhr. Jansen begint morgen. Welkom in het team! Zie o.a. de afd. HR."
    into_english, into_polish = PysbdSentencizer("nl"), PysbdSentencizer("nl")
    first = into_english.split_sentences(text)
    assert first == pysbd_split("nl", text)
    calls.clear()
    assert into_polish.split_sentences(text) == first
    assert calls == []
    assert PysbdSentencizer("en").split_sentences(text) == pysbd_split("en", text)
    assert calls == [text, text]  # another language: its own split (and pysbd_split's)
    calls.clear()
    for index in range(PysbdSentencizer.RECENT):
        into_english.split_sentences(f"Bericht {index}. Tot morgen.")
    assert into_polish.split_sentences(text) == first
    assert calls.count(text) == 1
