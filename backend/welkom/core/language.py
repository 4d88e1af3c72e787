"""Which language a person reads: one place for every path (server text, content, chat labels).

``person_language`` is the language of everything the server writes to a person (e-mails,
notifications, push messages, API errors): their chosen interface language when Welkom speaks it,
else English. ``content_languages`` is the order in which content (modules, checklists, journey
steps, municipality notes) is looked for: their language, then the languages they listed that
Welkom has content in (Dutch before English for a person who reads Dutch), and English as the last
resort, which the screen then names ("shown in English").
"""

from __future__ import annotations

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
