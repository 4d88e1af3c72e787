"""Which language a person reads: one place for every path (server text, content, chat labels).

``person_language`` is the language of everything the server writes to a person (e-mails,
notifications, push messages, API errors): their chosen interface language when Welkom speaks it,
else English. ``content_languages`` is the order in which content (modules, checklists, journey
steps, municipality notes) is looked for: their language, then the languages they listed that
Welkom has content in (Dutch before English for a person who reads Dutch), and English as the last
resort, which the screen then names ("shown in English").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

FALLBACK = "en"


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalise(code: str | None) -> str:
    """``pl-PL`` → ``pl``; empty for nothing."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def person_language(user: Any) -> str:
    """The language server text is written in for ``user`` (anonymous: English)."""
    code = normalise(getattr(user, "language", None))
    return code if code in supported_languages() else FALLBACK


def listed_languages(user: Any) -> list[str]:
    """The languages a person said they read: the interface language and, for a newcomer, the
    languages on their profile, in that order, without repeats."""
    listed = [normalise(getattr(user, "language", None))]
    profile = getattr(user, "newcomer_profile", None) if getattr(user, "pk", None) else None
    if profile is not None:
        listed += [normalise(code) for code in profile.languages_spoken or []]
    seen: list[str] = []
    for code in listed:
        if code and code not in seen:
            seen.append(code)
    return seen


def content_languages(user: Any) -> list[str]:
    """Content languages to try, best first: the person's language, then Dutch or English when the
    person listed them (Dutch first for a Dutch reader), and English last in any case."""
    listed = listed_languages(user)
    chain = [person_language(user)]
    for code in ("nl", "en") if "nl" in listed else ("en", "nl"):
        if code in listed and code not in chain:
            chain.append(code)
    if FALLBACK not in chain:
        chain.append(FALLBACK)
    return chain


def pick(texts: dict[str, Any], languages: list[str]) -> tuple[str, Any]:
    """The first of ``languages`` that ``texts`` has, with its text; else English, else any.
    Returns ("", None) for no text at all."""
    for code in [*languages, FALLBACK]:
        if texts.get(code) not in (None, ""):
            return code, texts[code]
    for code, text in texts.items():
        if text not in (None, ""):
            return code, text
    return "", None


# --- Content in a reader's language, with the facts the screen needs ------------------------------

# Languages written inline in content files ({en: ..., nl: ...}); the others come as files of their
# own per language (docs/content-translations.md).
INLINE_CONTENT_LANGUAGES = ("en", "nl")


@dataclass(frozen=True)
class Localised:
    """A text chosen for a reader: the text, the language it is in, and the language asked for."""

    text: Any
    language: str
    requested: str
    reviewed: bool = True

    @property
    def is_fallback(self) -> bool:
        return bool(self.language) and self.language != self.requested

    def meta(self) -> dict[str, Any]:
        """The fields every API answer with content carries: which language, fallback, reviewed."""
        return {
            "language": self.language,
            "requested_language": self.requested,
            "is_fallback": self.is_fallback,
            "reviewed": self.reviewed,
        }


def localise(texts: dict[str, Any] | None, languages: list[str], *, drafted: Iterable[str] = ()) -> Localised:
    """``texts`` ({language: text}) in the best of ``languages`` (``pick``'s order). ``drafted`` are
    the languages whose text nobody who speaks it has checked yet."""
    code, text = pick(texts or {}, languages)
    requested = languages[0] if languages else FALLBACK
    return Localised(text if text is not None else "", code, requested, code not in set(drafted))


def reader_languages(user: Any, requested: str | None = None) -> list[str]:
    """``content_languages`` of ``user``, with ``requested`` (an explicit ``?lang=``) first."""
    chain = content_languages(user)
    if requested:
        chain = [requested, *[code for code in chain if code != requested]]
    return chain


def parse_language(value: Any, *, field: str) -> str:
    """A language code sent by a client: one Welkom speaks, or a 400 that names ``field``."""
    from django.utils.translation import gettext as _

    from welkom.core.errors import ApiError

    code = normalise(value if isinstance(value, str) else None)
    known = supported_languages()
    if code not in known or not isinstance(value, str):
        raise ApiError(
            _("Unknown language code."),
            fields={field: [_("Choose one of: %(codes)s.") % {"codes": ", ".join(known)}]},
        )
    return code
