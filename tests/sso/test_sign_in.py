"""Signing in through the organisation's provider, over real HTTP to a real provider on 127.0.0.1."""

from __future__ import annotations

import pytest
import requests

from tests.factories import PASSWORD, UserFactory
from tests.sso.conftest import callback_query, configure, refusal, sign_in
from welkom.accounts.models import Role, User
from welkom.audit.models import AuditEntry
from welkom.sso import flow
from welkom.sso.models import IdentityLink, IdentityProvider

pytestmark = pytest.mark.django_db


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def _snapshot() -> list[tuple]:
    return list(User.objects.order_by("pk").values_list("pk", "email", "role", "is_active", "password"))


def test_a_new_colleague_signs_in_and_gets_an_account(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test", name="Nina Jansen")
    response = sign_in(api, "Nina@Alpha.test")
    assert response.status_code == 302
    assert response["Location"] == "/"
    me = api.get("/api/me").json()
    assert me["email"] == "nina@alpha.test"
    assert me["role"] == Role.COLLEAGUE
    assert me["organisation"]["id"] == org_a.organisation.pk
    user = User.objects.get(email="nina@alpha.test")
    assert user.full_name == "Nina Jansen"
    [entry] = _entries("signed_in")
    assert entry.subject_user_id == user.pk
    assert entry.organisation_id == org_a.organisation.pk


def test_an_existing_account_is_matched_by_e_mail_then_by_subject(api, client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    hr = org_a["hr"]
    person = provider.add(hr.email)
    assert sign_in(api, hr.email)["Location"] == "/"
    assert api.get("/api/me").json()["id"] == hr.pk
    assert IdentityLink.objects.get(user=hr).subject == person.sub
    # The provider changes the address: the subject still finds the same account.
    person.email = "renamed@alpha.test"
    again = client_factory()
    assert sign_in(again, "renamed@alpha.test")["Location"] == "/"
    assert again.get("/api/me").json()["id"] == hr.pk
    assert User.objects.filter(email="renamed@alpha.test").count() == 0


def test_groups_map_to_roles_but_never_to_admin(api, org_a, provider):
    configure(
        org_a.organisation,
        org_a["admin"],
        provider,
        role_mapping={"people-team": "hr", "leads": "team_lead"},
    )
    provider.add("lead@alpha.test", groups=["leads", "admins"])
    sign_in(api, "lead@alpha.test")
    assert User.objects.get(email="lead@alpha.test").role == Role.TEAM_LEAD


def test_the_session_lasts_the_configured_minutes(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, session_minutes=30)
    provider.add("nina@alpha.test")
    sign_in(api, "nina@alpha.test")
    assert api.session.get_expiry_age() == 30 * 60


def test_two_organisations_each_with_their_own_provider(client_factory, org_a, org_b, provider, provider_b):
    configure(org_a.organisation, org_a["admin"], provider)
    configure(org_b.organisation, org_b["admin"], provider_b, name="Bravo Login")
    provider.add("ann@alpha.test")
    provider_b.add("bob@bravo.test")
    alpha, bravo = client_factory(), client_factory()
    assert (
        alpha.post("/api/auth/sso/discover", {"email": "x@bravo.test"}, format="json").json()["provider"][
            "name"
        ]
        == "Bravo Login"
    )
    assert sign_in(alpha, "ann@alpha.test")["Location"] == "/"
    assert sign_in(bravo, "bob@bravo.test")["Location"] == "/"
    assert alpha.get("/api/me").json()["organisation"]["id"] == org_a.organisation.pk
    assert bravo.get("/api/me").json()["organisation"]["id"] == org_b.organisation.pk
    # Alpha's provider vouching for a bravo address does not get anyone into bravo.
    provider.add("eve@bravo.test")
    eve = client_factory()
    start = eve.get("/api/auth/sso/start", {"email": "eve@bravo.test"})
    assert start["Location"].startswith(provider_b.issuer)  # the domain picks bravo's provider


def test_an_address_of_another_domain_at_the_same_provider_is_refused(api, org_a, provider):
    """The provider answers for someone outside the allowed domains (the person typed an allowed
    address, then signed in at the provider as someone else)."""
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test", sub="nina")
    before = _snapshot()
    start = api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    provider.people["nina"].email = "nina@gmail.example"
    response = api.get("/api/auth/sso/callback", callback_query(answer.headers["Location"]))
    assert refusal(response) == "domain_not_allowed"
    assert _snapshot() == before
    assert api.get("/api/me").status_code == 401
    [entry] = _entries("sign_in_refused")
    assert (entry.object_id, entry.organisation_id) == ("domain_not_allowed", org_a.organisation.pk)


@pytest.mark.parametrize(
    ("misbehaviour", "reason"),
    [
        ({"id_token_issuer": "http://127.0.0.1:9/other"}, "wrong_issuer"),
        ({"sign_with_other_key": True}, "bad_signature"),
        ({"expires_in": -600}, "token_expired"),
        ({"nonce": "not-the-nonce"}, "nonce_mismatch"),
    ],
)
def test_a_bad_id_token_is_refused(api, org_a, provider, misbehaviour, reason):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    before = _snapshot()
    provider.misbehave.update(misbehaviour)
    assert refusal(sign_in(api, "nina@alpha.test")) == reason
    assert _snapshot() == before
    assert not IdentityLink.objects.exists()
    assert api.get("/api/me").status_code == 401
    assert [e.object_id for e in _entries("sign_in_refused")] == [reason]


def test_a_discovery_document_naming_another_issuer_is_refused(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.misbehave["issuer_in_discovery"] = "https://login.evil.example"
    flow.forget_metadata(provider.issuer)  # the document read at saving is kept five minutes
    assert refusal(api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})) == "wrong_issuer"
    assert [e.object_id for e in _entries("sign_in_refused")] == ["wrong_issuer"]


def test_an_unreachable_provider_is_refused(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    # Saving checks the discovery document; the provider moves away afterwards.
    IdentityProvider.objects.update(issuer="http://127.0.0.1:9")
    assert refusal(api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})) == "provider_unreachable"
    assert [e.object_id for e in _entries("sign_in_refused")] == ["provider_unreachable"]


def test_a_replayed_id_token_is_refused(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    assert sign_in(client_factory(), "nina@alpha.test")["Location"] == "/"
    provider.misbehave["replay"] = True
    other = client_factory()
    assert refusal(sign_in(other, "nina@alpha.test")) == "token_replayed"
    assert other.get("/api/me").status_code == 401


def test_a_replayed_callback_is_refused(api, client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    start = api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    query = callback_query(answer.headers["Location"])
    assert api.get("/api/auth/sso/callback", query)["Location"] == "/"
    # The same answer again, in the same browser and in another one.
    assert refusal(api.get("/api/auth/sso/callback", query)) == "state_mismatch"
    stranger = client_factory()
    assert refusal(stranger.get("/api/auth/sso/callback", query)) == "state_mismatch"
    assert stranger.get("/api/me").status_code == 401


def test_a_mismatched_state_is_refused(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    start = api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    query = callback_query(answer.headers["Location"]) | {"state": "forged"}
    assert refusal(api.get("/api/auth/sso/callback", query)) == "state_mismatch"
    assert provider.token_requests == 0  # the code was never even exchanged
    [entry] = _entries("sign_in_refused")
    assert (entry.object_id, entry.organisation_id) == ("state_mismatch", org_a.organisation.pk)


def test_an_unverified_e_mail_is_refused(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test", email_verified=False)
    before = _snapshot()
    assert refusal(sign_in(api, "nina@alpha.test")) == "email_unverified"
    assert _snapshot() == before


def test_an_unverified_e_mail_does_not_take_over_an_existing_account(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add(org_a["admin"].email, email_verified=False)
    assert refusal(sign_in(api, org_a["admin"].email)) == "email_unverified"
    assert not IdentityLink.objects.exists()


def test_an_address_with_an_account_in_another_organisation_is_refused(api, org_a, org_b, provider):
    configure(org_a.organisation, org_a["admin"], provider, domains=["alpha.test", "shared.test"])
    UserFactory(organisation=org_b.organisation, email="kim@shared.test")
    provider.add("kim@shared.test")
    before = _snapshot()
    assert refusal(sign_in(api, "kim@shared.test")) == "address_in_use"
    assert _snapshot() == before


def test_a_disabled_account_at_the_provider_cannot_sign_in_again(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    person = provider.add("nina@alpha.test")
    assert sign_in(client_factory(), "nina@alpha.test")["Location"] == "/"
    person.disabled = True
    assert refusal(sign_in(client_factory(), "nina@alpha.test")) == "provider_refused"


def test_an_account_disabled_during_sign_in_is_caught_by_the_userinfo_check(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    person = provider.add("nina@alpha.test")
    start = api.get("/api/auth/sso/start", {"email": "nina@alpha.test"})
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    person.disabled = True
    response = api.get("/api/auth/sso/callback", callback_query(answer.headers["Location"]))
    assert refusal(response) == "account_disabled"
    assert not User.objects.filter(email="nina@alpha.test").exists()


def test_a_disabled_welkom_account_cannot_sign_in(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    colleague = org_a["colleague"]
    colleague.is_active = False
    colleague.save()
    provider.add(colleague.email)
    assert refusal(sign_in(api, colleague.email)) == "account_disabled"
    assert _entries("sign_in_refused")[0].subject_user_id == colleague.pk


def test_an_address_without_a_provider_is_sent_back(api, org_a):
    assert refusal(api.get("/api/auth/sso/start", {"email": "x@nowhere.test"})) == "no_provider"
    body = api.post("/api/auth/sso/discover", {"email": "x@nowhere.test"}, format="json").json()
    assert body == {"provider": None, "password_login": True}


def test_staff_password_login_can_be_switched_off(api, client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, password_login_allowed=False)
    response = api.post("/api/auth/login", {"email": org_a["hr"].email, "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "password_login_disabled"
    assert "Alpha ID" in response.json()["detail"]
    assert api.get("/api/me").status_code == 401
    # Newcomers keep their password (they often get a company account only on their first day).
    client_factory(org_a["newcomer"])
    body = api.post("/api/auth/sso/discover", {"email": "someone@alpha.test"}, format="json").json()
    assert body["password_login"] is False
    assert _entries("sign_in_refused")[0].object_id == "password_login_disabled"
