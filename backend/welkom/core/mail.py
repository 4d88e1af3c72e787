"""E-mails a person reads, written from templates in their language.

Each e-mail is three templates under ``templates/email/``: ``<name>_subject.txt`` (one line),
``<name>.txt`` (the plain text) and ``<name>.html``. They are rendered inside
``translation.override(person_language(recipient))``, so ``{% translate %}`` and dates follow the
reader's language; the HTML template sets ``lang`` and ``dir`` (Arabic reads right to left).
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from welkom.core.language import person_language


def email_render(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """(subject, text, html) of ``email/<template>`` in ``language``."""
    with translation.override(language):
        full = {**context, "language": language}
        subject = " ".join(render_to_string(f"email/{template}_subject.txt", full).split())
        text = render_to_string(f"email/{template}.txt", full).strip() + "\n"
        html = render_to_string(f"email/{template}.html", full)
    return subject, text, html


def email_send(
    *,
    recipient: Any,
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """Send ``email/<template>`` to ``to`` in the language of ``recipient`` (a user; anonymous or
    None: English). Raises what the mail backend raises."""
    subject, text, html = email_render(
        template=template, context=context, language=person_language(recipient)
    )
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()
