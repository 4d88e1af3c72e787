"""E-mails are written in the recipient's language: subject, text and HTML, checked against the
server catalog (not against sentences copied into the test)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.utils.translation import gettext, override

from welkom.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db(transaction=True)
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def _in(language: str, message: str, **params: str) -> str:
    with override(language):
        text = gettext(message)
    if language != "en":
        assert text != message, f"{language}: not translated: {message}"
    return text % params if params else text


def _parts(message: mail.EmailMessage) -> tuple[str, str, str]:
    assert isinstance(message, mail.EmailMultiAlternatives)
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    return message.subject, message.body, str(html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_email_is_in_the_invited_persons_language(client_factory, org_a, language):
    Organisation.objects.filter(pk=org_a.organisation.pk).update(default_language=language)
    mail.outbox.clear()
    response = client_factory(org_a["hr"]).post(
        "/api/invitations",
        {"email": "new@example.test", "role": "newcomer", "full_name": "Nina"},
        format="json",
    )
    assert response.status_code == 201, response.content
    subject, text, html = _parts(mail.outbox[-1])
    organisation = org_a.organisation.name
    assert subject == _in(language, "Welcome to %(organisation)s on Welkom", organisation=organisation)
    for part in (text, html):
        assert _in(language, "Hello %(name)s,", name="Nina") in part
        assert (
            _in(
                language,
                "%(organisation)s invites you to Welkom, where your onboarding is planned.",
                organisation=organisation,
            )
            in part
        )
        assert "/invite/" in part
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_email_is_in_the_persons_language(client_factory, org_a, language):
    person = org_a["newcomer"]
    User.objects.filter(pk=person.pk).update(language=language)
    mail.outbox.clear()
    response = client_factory().post("/api/auth/password-reset", {"email": person.email}, format="json")
    assert response.status_code in (200, 202, 204), response.content
    subject, text, html = _parts(mail.outbox[-1])
    assert subject == _in(language, "Reset your Welkom password")
    for part in (text, html):
        assert _in(language, "Someone (hopefully you) asked to reset your Welkom password.") in part
        assert _in(language, "If you did not ask for this, ignore this e-mail.") in part
        assert "/reset-password/" in part


@pytest.mark.parametrize("language", ["pl", "ar"])
def test_an_address_with_an_account_elsewhere_gets_the_notice_in_its_language(
    client_factory, org_a, org_b, language
):
    Organisation.objects.filter(pk=org_a.organisation.pk).update(default_language=language)
    mail.outbox.clear()
    taken = org_b["colleague"].email
    response = client_factory(org_a["hr"]).post(
        "/api/invitations", {"email": taken, "role": "newcomer"}, format="json"
    )
    assert response.status_code == 201, response.content
    subject, text, _html = _parts(mail.outbox[-1])
    organisation = org_a.organisation.name
    assert subject == _in(language, "%(organisation)s invited you to Welkom", organisation=organisation)
    assert "/invite/" not in text
