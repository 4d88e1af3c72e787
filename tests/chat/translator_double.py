"""TEST DOUBLE — never used outside tests and the bench.

A deterministic, reversible stand-in for the translation engine, plugged in through the setting
``CHAT_TRANSLATOR = "tests.chat.translator_double.ReversibleTestTranslator"``. It knows a handful of
whole phrases in English and Dutch; anything else is marked ``[target] text``, and translating a
marked text back into its source language removes the mark, so back-translations round-trip.
Pairs with a language in ``NO_PACKAGE`` are reported as missing, like an engine without that pair.
It counts its calls so tests can prove each language is translated once.
"""

from __future__ import annotations

import re
import threading

from welkom.chat.translation_port import Reason, TranslationOutcome

PHRASES = {
    ("nl", "en"): {"goedemorgen": "Good morning", "tot morgen": "See you tomorrow", "hallo": "Hello"},
    ("en", "nl"): {"good morning": "Goedemorgen", "see you tomorrow": "Tot morgen", "hello": "Hallo"},
}
DUTCH_WORDS = {"goedemorgen", "hallo", "de", "het", "een", "ik", "jij", "morgen", "tot", "is", "niet"}
ENGLISH_WORDS = {"good", "morning", "hello", "the", "a", "i", "you", "see", "tomorrow", "is", "not"}
NO_PACKAGE = {"ti"}
MARK = re.compile(r"^\[([a-z]{2,3})\] ")


class ReversibleTestTranslator:
    calls: list[tuple[str, str, tuple[str, ...]]] = []
    _lock = threading.Lock()

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.calls.clear()

    def translate(
        self, *, organisation_id: int, text: str, source: str, targets: list[str]
    ) -> dict[str, TranslationOutcome]:
        with self._lock:
            self.calls.append((text, source, tuple(targets)))
        return {target: self._one(text, source, target) for target in targets}

    def _one(self, text: str, source: str, target: str) -> TranslationOutcome:
        if source in NO_PACKAGE or target in NO_PACKAGE:
            return TranslationOutcome.unavailable(
                f"No language package for {source}→{target}.", code=Reason.NO_PACKAGE
            )
        known = PHRASES.get((source, target), {}).get(text.strip().rstrip("!.").lower())
        if known:
            return TranslationOutcome.translated(known)
        mark = MARK.match(text)
        if mark and mark.group(1) == source:
            return TranslationOutcome.translated(text[mark.end() :])
        return TranslationOutcome.translated(f"[{target}] {text}")

    def translates_into(self, language: str) -> bool:
        return language not in NO_PACKAGE

    def detect_language(self, text: str) -> str | None:
        words = set(re.findall(r"\w+", text.lower()))
        dutch, english = len(words & DUTCH_WORDS), len(words & ENGLISH_WORDS)
        if dutch > english:
            return "nl"
        if english > dutch:
            return "en"
        return None
