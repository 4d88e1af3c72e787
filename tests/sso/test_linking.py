"""A signed-in person links their company account from their own page, and can remove the link.
The link is made for that person only, with a verified address of an allowed domain of their own
organisation's provider; nobody changes organisation."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.factories import UserFactory
from tests.sso.conftest import callback_query, configure, sign_in
from welkom.accounts.models import Role
from welkom.audit.models import AuditEntry
from welkom.sso.models import IdentityLink

pytestmark = pytest.mark.django_db


def link(client, provider, as_email):  # type: ignore[no-untyped-def]
    """Presses "Link" on /me, signs in at the provider as ``as_email``, and comes back."""
    started = client.post("/api/sso/link")
    assert started.status_code == 200, started.content
    provider.signed_in_as = as_email
    answer = requests.get(started.json()["authorization_url"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return client.get("/api/auth/sso/callback", callback_query(answer.headers["Location"]))


def outcome(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert location.path == "/me", response["Location"]
    query = parse_qs(location.query)
    return "linked" if query.get("sso_linked") == ["1"] else query["sso_error"][0]


def _links() -> list[tuple[int, str]]:
    return list(IdentityLink.objects.order_by("pk").values_list("user_id", "subject"))


def test_an_invited_newcomer_links_their_company_account_and_signs_in_with_it(
    client_factory, org_a, provider
):
    configure(org_a.organisation, org_a["admin"], provider)
    newcomer = UserFactory(organisation=org_a.organisation, role=Role.NEWCOMER, email="jan@private.example")
    person = provider.add("jan.kowalski@alpha.test")
    me = client_factory(newcomer)
    assert me.get("/api/sso/link").json() == {"provider": {"name": "Alpha ID"}, "link": None}
    assert outcome(link(me, provider, "jan.kowalski@alpha.test")) == "linked"
    assert _links() == [(newcomer.pk, person.sub)]
    assert me.get("/api/sso/link").json()["link"]["linked_at"]
    assert me.get("/api/me").json()["id"] == newcomer.pk  # still the same session and person
    # From now on the company account signs in as the newcomer (who stays a newcomer).
    browser = client_factory()
    assert sign_in(browser, "jan.kowalski@alpha.test")["Location"] == "/"
    body = browser.get("/api/me").json()
    assert (body["id"], body["role"], body["email"]) == (newcomer.pk, Role.NEWCOMER, "jan@private.example")
    [entry] = AuditEntry.objects.filter(object_type="identity_link")
    assert (entry.action, entry.actor_id, entry.subject_user_id) == ("created", newcomer.pk, newcomer.pk)
    assert entry.organisation_id == org_a.organisation.pk


def test_the_link_is_removed_by_its_owner(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    colleague = org_a["colleague"]
    provider.add("c.other@alpha.test")
    me = client_factory(colleague)
    link(me, provider, "c.other@alpha.test")
    assert me.delete("/api/sso/link").status_code == 204
    assert _links() == []
    assert me.get("/api/sso/link").json()["link"] is None
    assert me.delete("/api/sso/link").status_code == 204  # nothing left: still fine
    actions = list(
        AuditEntry.objects.filter(object_type="identity_link").order_by("id").values_list("action")
    )
    assert actions == [("created",), ("removed",)]


@pytest.mark.parametrize(
    ("at_provider", "reason"),
    [
        ({"email": "jan@alpha.test", "email_verified": False}, "email_unverified"),
        ({"email": "jan@gmail.example"}, "domain_not_allowed"),
        ({"email": "hr@alpha.test"}, "address_in_use"),  # another Welkom account's address
        ({"email": "admin@bravo.test"}, "domain_not_allowed"),  # another organisation's domain and person
    ],
)
def test_a_link_is_refused_and_nothing_is_stored(client_factory, org_a, org_b, provider, at_provider, reason):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add(at_provider.pop("email"), **at_provider)
    newcomer = org_a["newcomer"]
    me = client_factory(newcomer)
    email = next(iter(provider.people.values())).email
    assert outcome(link(me, provider, email)) == reason
    assert _links() == []
    [entry] = AuditEntry.objects.filter(action="sign_in_refused")
    assert (entry.object_id, entry.subject_user_id, entry.organisation_id) == (
        reason, newcomer.pk, org_a.organisation.pk,
    )  # fmt: skip
    assert me.get("/api/me").json()["id"] == newcomer.pk  # the session goes on


def test_a_company_account_linked_to_someone_else_is_not_moved(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    hr = org_a["hr"]
    person = provider.add(hr.email)
    sign_in(client_factory(), hr.email)  # HR's first sign-in linked HR
    me = client_factory(org_a["colleague"])
    assert outcome(link(me, provider, hr.email)) == "wrong_organisation"
    assert _links() == [(hr.pk, person.sub)]


def test_a_second_company_account_is_refused_until_the_first_link_is_removed(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    first, second = provider.add("c.one@alpha.test"), provider.add("c.two@alpha.test")
    colleague = org_a["colleague"]
    me = client_factory(colleague)
    assert outcome(link(me, provider, "c.one@alpha.test")) == "linked"
    assert outcome(link(me, provider, "c.one@alpha.test")) == "linked"  # the same one again
    assert outcome(link(me, provider, "c.two@alpha.test")) == "already_linked"
    me.delete("/api/sso/link")
    assert outcome(link(me, provider, "c.two@alpha.test")) == "linked"
    assert _links() == [(colleague.pk, second.sub)]
    assert first.sub != second.sub


def test_someone_in_another_organisation_links_to_their_own_provider_only(
    client_factory, org_a, org_b, provider, provider_b
):
    configure(org_a.organisation, org_a["admin"], provider)
    bravo = client_factory(org_b["colleague"])
    response = bravo.post("/api/sso/link")  # bravo has no provider: alpha's is not offered
    assert response.status_code == 400
    assert "provider" in response.json()["fields"]
    assert bravo.get("/api/sso/link").json() == {"provider": None, "link": None}
    # With its own provider, an alpha address at bravo's provider is outside bravo's domains.
    configure(org_b.organisation, org_b["admin"], provider_b, name="Bravo Login")
    provider_b.add("eve@alpha.test")
    assert outcome(link(bravo, provider_b, "eve@alpha.test")) == "domain_not_allowed"
    assert _links() == []


def test_an_answer_started_by_one_person_does_not_link_another(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("c.other@alpha.test")
    me = client_factory(org_a["colleague"])
    started = me.post("/api/sso/link")
    provider.signed_in_as = "c.other@alpha.test"
    answer = requests.get(started.json()["authorization_url"], allow_redirects=False, timeout=5)
    query = callback_query(answer.headers["Location"])
    # The colleague signs out in between: the answer no longer belongs to any session.
    me.post("/api/auth/logout")
    me.login_as(org_a["hr"])
    response = me.get("/api/auth/sso/callback", query)
    assert urlsplit(response["Location"]).query == "sso_error=state_mismatch"
    # Someone else's browser with the answer gets nothing either.
    stranger = client_factory(org_a["team_lead"])
    assert "state_mismatch" in stranger.get("/api/auth/sso/callback", query)["Location"]
    assert _links() == []


def test_linking_needs_the_csrf_token_and_a_session(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    me = client_factory(org_a["colleague"])
    response = me.post("/api/sso/link", HTTP_X_CSRFTOKEN="forged")
    assert response.status_code == 403
    anonymous = client_factory()
    assert anonymous.post("/api/sso/link").status_code in (401, 403)
    assert anonymous.get("/api/sso/link").status_code in (401, 403)
    assert anonymous.delete("/api/sso/link").status_code in (401, 403)


NO_PROVIDER = (
    "Your organisation has not set up sign-in with a company account, so there is nothing to link."
    " Keep signing in with your password, or ask your administrator to set it up."
)


@pytest.mark.parametrize("language", ["en", "nl", "pl"])
def test_linking_without_a_provider_says_what_to_do_in_the_persons_language(client_factory, org_b, language):
    """No provider to link to: the answer tells the person to keep their password or ask their
    administrator, in their own language (the page shows the detail)."""
    from django.utils.translation import gettext, override

    from welkom.accounts.models import User

    User.objects.filter(pk=org_b["colleague"].pk).update(language=language)
    response = client_factory(org_b["colleague"]).post("/api/sso/link")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "no_provider"
    with override(language):
        assert body["detail"] == gettext(NO_PROVIDER)
        assert body["fields"] == {
            "provider": [
                gettext("There is no identity provider to link to. Ask your administrator to set one up.")
            ]
        }
    if language != "en":
        assert body["detail"] != NO_PROVIDER  # translated, not the English source
