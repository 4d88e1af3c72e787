"""The chat's only door to machine translation and language detection.

Everything in the chat that needs a translation calls :func:`translate_for_channel`,
:func:`detect_language` or :func:`translates_into` here and nothing else. Which engine answers is
chosen by the setting ``CHAT_TRANSLATOR`` (a dotted path to a class with the three methods of
:class:`ChatTranslator`).

The default is :class:`ArgosTranslator`, the offline Argos Translate service (``welkom.translation``);
:class:`NoEngineTranslator` translates nothing and says so, so messages show their original with the
reason. An engine plugs in here by providing a class with the same three methods; it must be callable
from a web process as well as from a worker (the translation helper previews while the team lead types).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Reason:
    """Why a message is shown as written. Stored as a code and put into words in each reader's
    language when shown (``welkom.chat.reasons``)."""

    NO_PACKAGE = "no_package"  # no package (or route through English) for this pair
    NO_ENGINE = "no_engine"  # no translation engine is configured at all
    TOO_LONG = "too_long"  # over the engine's limits
    FAILED = "failed"  # the engine failed on this text
    TIMED_OUT = "timed_out"  # no translation arrived within the waiting time
    READER_UNTRANSLATABLE = "reader_untranslatable"  # nothing translates into the reader's language


@dataclass(frozen=True)
class TranslationOutcome:
    """Either ``text`` (the translation) or ``reason`` (why there is none), never both. ``code``
    is one of :class:`Reason` (what the reader is told); ``reason`` is the engine's own detail
    (kept for operators). ``demo`` is true when the text came from a demo package (random weights,
    made by Welkom's package builder), decided from the packages' metadata."""

    text: str | None = None
    reason: str | None = None
    code: str = ""
    demo: bool = False

    @classmethod
    def translated(cls, text: str, *, demo: bool = False) -> TranslationOutcome:
        return cls(text=text, demo=demo)

    @classmethod
    def unavailable(cls, reason: str, *, code: str = Reason.FAILED) -> TranslationOutcome:
        return cls(reason=reason, code=code)

    @property
    def ok(self) -> bool:
        return self.text is not None


class TranslatorUnavailable(TimeoutError):
    """The engine did not answer in time (no translation worker is running): nothing can be
    translated now. A web request answers 503; a task retries later."""


class ChatTranslator(Protocol):
    def translate(
        self, *, organisation_id: int, text: str, source: str, targets: list[str]
    ) -> dict[str, TranslationOutcome]:
        """One outcome per target language, in one call (engines batch the targets)."""
        ...

    def detect_language(self, text: str) -> str | None:
        """A language code such as "pl", or None when the text is too short or unclear."""
        ...

    def translates_into(self, language: str) -> bool:
        """Whether anything can be translated into ``language`` at all (a reader of a language no
        package reaches sees every message as written)."""
        ...


class NoEngineTranslator:
    """What runs until a translation engine is installed: every pair is reported as missing."""

    def translate(
        self, *, organisation_id: int, text: str, source: str, targets: list[str]
    ) -> dict[str, TranslationOutcome]:
        return {
            target: TranslationOutcome.unavailable(
                f"No translation engine is installed for {source}→{target}.", code=Reason.NO_ENGINE
            )
            for target in targets
        }

    def detect_language(self, text: str) -> str | None:
        return None

    def translates_into(self, language: str) -> bool:
        return False


class ArgosTranslator:
    """The offline Argos Translate service (``welkom.translation``): glossary, translation memory and
    cache apply as for every other caller. All targets are translated at the same time (one model
    each). In a web process the work goes to the translation workers; the chat's own task already
    runs on one and uses its warm engine."""

    def translate(
        self, *, organisation_id: int, text: str, source: str, targets: list[str]
    ) -> dict[str, TranslationOutcome]:
        from welkom.accounts.selectors import organisation_get
        from welkom.translation import services

        organisation = organisation_get(pk=organisation_id)
        try:
            answers = services.translate_into_languages(
                organisation=organisation, text=text, source=source, targets=targets
            )
        except services.EngineUnavailable as error:
            raise TranslatorUnavailable(error.message) from error
        except services.TranslationError as error:  # limits: the same for every target
            code = Reason.TOO_LONG if isinstance(error, services.LimitExceeded) else Reason.FAILED
            return {target: TranslationOutcome.unavailable(str(error), code=code) for target in targets}
        outcomes: dict[str, TranslationOutcome] = {}
        for target, answer in answers.items():
            if isinstance(answer, services.EngineUnavailable):  # no worker answered
                raise TranslatorUnavailable(answer.message) from answer
            if isinstance(answer, services.UnsupportedLanguage | services.MissingPair):
                outcomes[target] = TranslationOutcome.unavailable(
                    f"No translation package for {source}→{target} is installed.", code=Reason.NO_PACKAGE
                )
            elif isinstance(answer, services.TranslationError):
                outcomes[target] = TranslationOutcome.unavailable(str(answer))
            else:
                outcomes[target] = TranslationOutcome.translated(answer.text, demo=answer.demo)
        return outcomes

    def detect_language(self, text: str) -> str | None:
        from welkom.translation import services

        found = services.detect_languages(text=text)
        return found[0].language if found and found[0].confidence >= 50 else None

    def translates_into(self, language: str) -> bool:
        from welkom.translation.languages import translatable_into

        return language in translatable_into()


@cache
def _translator(path: str) -> ChatTranslator:
    return import_string(path)()


def translator() -> ChatTranslator:
    return _translator(settings.CHAT_TRANSLATOR)


def translate_for_channel(
    *, organisation_id: int, text: str, source: str, targets: Iterable[str]
) -> dict[str, TranslationOutcome]:
    wanted = sorted({target for target in targets if target != source})
    if not wanted:
        return {}
    outcomes = translator().translate(
        organisation_id=organisation_id, text=text, source=source, targets=wanted
    )
    # An engine that forgets a target must not leave a reader waiting forever.
    return {
        target: outcomes.get(target)
        or TranslationOutcome.unavailable(f"No translation for {source}→{target}.", code=Reason.FAILED)
        for target in wanted
    }


def detect_language(text: str) -> str | None:
    code = translator().detect_language(text)
    return code.lower() if code else None


def translates_into(language: str) -> bool:
    return translator().translates_into(language)
