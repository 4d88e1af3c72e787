"""The team lead's translation helper: preview a text in every language a channel reads with a
back-translation into the writer's language, and point out what machine translation gets wrong
(long sentences, idioms, jargon) and which glossary terms the text uses."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext

from welkom.accounts.models import User
from welkom.chat import services, translation_port
from welkom.chat.models import TranslationOrigin
from welkom.chat.reasons import demo_notice
from welkom.core.errors import ApiError
from welkom.core.language import person_language

MAX_TARGETS = 12
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"\w[\w'\u2019-]*")


@dataclass(frozen=True)
class Hint:
    kind: str  # long_sentence | idiom | jargon | glossary_keep | glossary_fixed
    phrase: str
    start: int
    end: int
    suggestion: str = ""
    translations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviewLine:
    language: str
    text: str | None
    reason: str | None
    origin: str
    back_translation: str | None
    back_reason: str | None
    demo: bool = False  # made by a demo package (random weights)
    notice: str | None = None  # the demo warning, in the writer's language


# --- Data files -------------------------------------------------------------------------------


def _read(path: Path) -> tuple[float, Path]:
    return (path.stat().st_mtime if path.exists() else 0.0, path)


@lru_cache(maxsize=4)
def _load_yaml(path: Path, mtime: float) -> dict[str, Any]:
    if not mtime:
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top")
    return data


def glossary() -> dict[str, Any]:
    """``keep`` (list of terms kept as written) and ``fixed`` ({term: {language: translation}}).

    The same file the translation service uses (``TRANSLATION_GLOSSARY_FILE``)."""
    path = Path(settings.TRANSLATION_GLOSSARY_FILE)
    data = _load_yaml(path, _read(path)[0])
    keep = [str(term) for term in data.get("keep") or []]
    fixed = {
        str(term): {str(k): str(v) for k, v in (langs or {}).items()}
        for term, langs in (data.get("translate") or {}).items()
    }
    return {"keep": keep, "fixed": fixed}


def plain_language() -> dict[str, Any]:
    path = settings.TRANSLATIONS_DIR / "plain-language.yaml"
    return _load_yaml(path, _read(path)[0])


# --- Hints --------------------------------------------------------------------------------------


def _find(text: str, phrase: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def writing_hints(*, text: str, language: str) -> list[Hint]:
    hints: list[Hint] = []
    data = plain_language()
    limit = int(data.get("long_sentence_words", 25))
    position = 0
    for sentence in SENTENCE_END.split(text):
        start = text.find(sentence, position)
        position = start + len(sentence)
        words = len(WORD.findall(sentence))
        if words > limit:
            hints.append(
                Hint(
                    "long_sentence",
                    sentence,
                    start,
                    position,
                    suggestion=f"{words} words; try at most {limit}.",
                )
            )
    for kind in ("idioms", "jargon"):
        for phrase, plainer in ((data.get(language) or {}).get(kind) or {}).items():
            for start, end in _find(text, str(phrase)):
                hints.append(Hint(kind.rstrip("s"), text[start:end], start, end, suggestion=str(plainer)))
    terms = glossary()
    for term in terms["keep"]:
        for start, end in _find(text, term):
            hints.append(Hint("glossary_keep", text[start:end], start, end))
    for term, translations in terms["fixed"].items():
        for start, end in _find(text, term):
            hints.append(Hint("glossary_fixed", text[start:end], start, end, translations=translations))
    return sorted(hints, key=lambda hint: (hint.start, hint.kind))


# --- Preview ------------------------------------------------------------------------------------


def translation_preview(*, user: User, text: str, source: str | None, targets: list[str]) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise ApiError(gettext("Write something first."), fields={"text": [gettext("Cannot be empty.")]})
    if len(text) > services.MAX_MESSAGE_LENGTH:
        raise ApiError(
            gettext("This text is too long."),
            fields={
                "text": [gettext("At most %(limit)s characters.") % {"limit": services.MAX_MESSAGE_LENGTH}]
            },
        )
    if source:
        source = services.clean_language(source, field="source")
    else:
        source = translation_port.detect_language(text) or services.reading_language(user)
    wanted = sorted({services.clean_language(target, field="targets") for target in targets} - {source})
    if len(wanted) > MAX_TARGETS:
        raise ApiError(
            gettext("Too many languages."),
            fields={"targets": [gettext("At most %(limit)s.") % {"limit": MAX_TARGETS}]},
        )
    assert user.organisation_id is not None
    organisation_id = user.organisation_id
    outcomes = services.translation_memory_lookup(
        organisation_id=organisation_id, source=source, targets=wanted, text=text
    )
    machine = [target for target in wanted if target not in outcomes]
    try:
        if machine:
            engine = translation_port.translate_for_channel(
                organisation_id=organisation_id, text=text, source=source, targets=machine
            )
            outcomes.update(
                {target: (outcome, TranslationOrigin.MACHINE) for target, outcome in engine.items()}
            )
        lines = []
        for target in wanted:
            outcome, origin = outcomes[target]
            back_text, back_reason = None, None
            # A back-translation only from a real route: not of a demo package's output, not made
            # by a demo package, and none when no package translates back.
            if outcome.ok and not outcome.demo:
                assert outcome.text is not None
                back = translation_port.translate_for_channel(
                    organisation_id=organisation_id, text=outcome.text, source=target, targets=[source]
                )[source]
                if back.ok and not back.demo:
                    back_text = back.text
            notice = demo_notice(language=person_language(user)) if outcome.demo else None
            lines.append(
                PreviewLine(
                    target, outcome.text, outcome.reason, origin, back_text, back_reason, outcome.demo, notice
                )
            )
    except translation_port.TranslatorUnavailable as error:
        raise ApiError(str(error), code="engine_unavailable", status_code=503) from error
    return {
        "source": source,
        "translations": [asdict(line) for line in lines],
        "hints": [asdict(hint) for hint in writing_hints(text=text, language=source)],
    }
