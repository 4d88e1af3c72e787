"""Tenant scoping and role checks at their edges, as people meet them through the API: an operator
signed in to the admin site (an administrator of no organisation) reaches no organisation's rows,
nor the other operators; nobody signed in reaches no endpoint kept for a role; a refused role is
told so in their own language. Found by mutation testing (docs/testing.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext, override

from tests.conftest import CsrfClient
from welkom.accounts.models import Role, User
from welkom.translation import services
from welkom.translation.models import GlossaryEntry

pytestmark = pytest.mark.django_db

OPERATOR_PASSWORD = "an-operators-long-passphrase"
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def _operator(email: str, monkeypatch: pytest.MonkeyPatch) -> User:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", OPERATOR_PASSWORD)
    call_command("createsuperuser", interactive=False, email=email, verbosity=0)
    return User.objects.get(email=email)


def test_an_operators_admin_session_reaches_no_organisations_rows_nor_other_operators(org_a, monkeypatch):
    operator = _operator("ops@example.test", monkeypatch)
    other_operator = _operator("ops2@example.test", monkeypatch)
    services.glossary_entry_create(organisation=org_a.organisation, term="Acme")
    services.api_key_create(organisation=org_a.organisation, name="Intranet", created_by=org_a["hr"])
    browser = CsrfClient()
    signed_in = browser.post(
        "/admin/login/?next=/admin/",
        {"username": operator.email, "password": OPERATOR_PASSWORD, "csrfmiddlewaretoken": browser._token()},
    )
    assert signed_in.status_code == 302, signed_in.content
    assert (operator.role, operator.organisation_id) == (Role.ADMIN, None)

    # An administrator's role, so every list below is allowed: what it holds is the scoping's work.
    for url in (
        "/api/users",
        "/api/teams",
        "/api/invitations",
        "/api/translation/keys",
        "/api/translation/glossary",
    ):
        response = browser.get(url)
        assert response.status_code == 200, (url, response.content)
        assert response.json()["results"] == [], url
    for person in (org_a["hr"], other_operator, operator):
        assert browser.get(f"/api/users/{person.pk}").status_code == 404
    assert browser.get(f"/api/teams/{org_a.team.pk}").status_code == 404


def test_nobody_signed_in_reaches_no_endpoint_kept_for_a_role(api, org_a, packages_dir):
    """The translation settings' endpoints name only their roles (no IsAuthenticated before them);
    the list of installed packages is the same for every organisation, so only the role stops it."""
    services.glossary_entry_create(organisation=org_a.organisation, term="Acme")
    urls = (
        "/api/translation/packages",
        "/api/translation/keys",
        "/api/translation/glossary",
        "/api/translation/memory",
    )
    for url in urls:
        response = api.get(url)
        assert response.status_code == 401, (url, response.status_code)
        assert response.json()["code"] == "not_authenticated"
    response = api.post("/api/translation/glossary", {"term": "Zuidas"}, format="json")
    assert response.status_code == 401
    assert list(GlossaryEntry.objects.values_list("term", flat=True)) == ["Acme"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_role_that_may_not_is_told_so_in_their_own_language(client_factory, org_a, language):
    User.objects.filter(pk=org_a["newcomer"].pk).update(language=language)
    org_a["newcomer"].refresh_from_db()
    response = client_factory(org_a["newcomer"]).get("/api/translation/keys")
    assert response.status_code == 403, response.content
    with override(language):
        expected = gettext("Your role does not allow this.")
    if language != "en":
        assert expected != "Your role does not allow this.", f"{language}: not translated"
    assert response.json() == {"code": "permission_denied", "detail": expected, "fields": {}}
