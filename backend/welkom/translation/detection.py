"""Offline language detection with Lingua (its models ship inside the wheel; nothing is fetched)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # 0 to 100, as LibreTranslate reports it


@lru_cache(maxsize=8)
def _detector(codes: frozenset[str]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in sorted(codes):
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) < 2:
        languages.extend([Language.ENGLISH, Language.DUTCH])
    return LanguageDetectorBuilder.from_languages(*set(languages)).build()


def detect(text: str, *, candidates: set[str]) -> list[Detection]:
    """The likely languages of ``text`` among ``candidates``, most likely first."""
    with _lock:
        detector = _detector(frozenset(candidates))
    values = detector.compute_language_confidence_values(text)
    found = [
        Detection(value.language.iso_code_639_1.name.lower(), round(value.value * 100, 1))
        for value in values
        if value.value > 0
    ]
    return [item for item in found if item.language in candidates] or [Detection("en", 0.0)]
