"""Why a message is shown as written, in the reader's words.

Stored as a code (``translation_port.Reason``) and put into a sentence only when shown, in the
language of the screen around the message: the reader's interface language
(``welkom.core.language.person_language``), the same as "Not translated:" before it.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from welkom.chat.translation_port import Reason
from welkom.core.language import person_language

DEMO_NOTICE = _("Demo language package: this output is random. Install real language packages.")

TEXTS = {
    Reason.NO_PACKAGE: _("No installed language package translates between these two languages."),
    Reason.NO_ENGINE: _("No translation engine is installed."),
    Reason.TOO_LONG: _("The message is too long to translate."),
    Reason.FAILED: _("The translation failed."),
    Reason.TIMED_OUT: _("The translation did not arrive in time."),
    Reason.READER_UNTRANSLATABLE: _("No installed language package translates into your chat language."),
}


def reader_text_language(*, user: Any) -> str:
    """The language reasons are written in for this reader."""
    return person_language(user)


def reason_text(code: str, *, language: str, fallback: str = "") -> str:
    """The sentence for ``code`` in ``language``; ``fallback`` (the stored detail) for an unknown
    code (rows stored before codes existed)."""
    text = TEXTS.get(code)
    if text is None:
        return fallback or reason_text(Reason.FAILED, language=language)
    with translation.override(language):
        return str(text)


def demo_notice(*, language: str) -> str:
    with translation.override(language):
        return str(DEMO_NOTICE)
