"""Two factors from the provider, and sessions the provider ends (back-channel logout)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.sso.conftest import configure, sign_in
from welkom.audit.models import AuditEntry
from welkom.security.services import policy_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(org_a):
    policy_update(organisation=org_a.organisation, require_two_factor=True)


def test_an_accepted_amr_claim_counts_as_two_factors(api, org_a, provider, required):
    configure(org_a.organisation, org_a["admin"], provider, accepted_amr=["mfa", "hwk"])
    provider.add(org_a["hr"].email, amr=["pwd", "mfa"])
    assert sign_in(api, org_a["hr"].email)["Location"] == "/"
    assert api.get("/api/me").json()["two_factor"]["verified"] is True
    assert api.get("/api/users").status_code == 200  # past the two-factor gate


def test_an_accepted_acr_value_counts_as_two_factors(api, org_a, provider, required):
    configure(org_a.organisation, org_a["admin"], provider, accepted_acr=["urn:example:loa:high"])
    provider.add(org_a["hr"].email, acr="urn:example:loa:high")
    sign_in(api, org_a["hr"].email)
    assert api.get("/api/users").status_code == 200


def test_without_an_accepted_claim_welkom_asks_for_its_own_code(api, org_a, provider, required):
    configure(org_a.organisation, org_a["admin"], provider, accepted_amr=["mfa"])
    provider.add(org_a["hr"].email, amr=["pwd"])
    TOTPDevice.objects.create(user=org_a["hr"], name="app", confirmed=True)
    assert sign_in(api, org_a["hr"].email)["Location"] == "/"
    assert api.get("/api/me").json()["two_factor"] == {"required": True, "enrolled": True, "verified": False}
    response = api.get("/api/users")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def _post_logout(_client, token):
    """As the provider posts it: a form, server to server, no cookie and no CSRF token."""
    provider_side = Client(enforce_csrf_checks=True)
    return provider_side.post(
        "/api/auth/sso/backchannel-logout",
        urlencode({"logout_token": token}),
        content_type="application/x-www-form-urlencoded",
    )


def test_the_providers_back_channel_logout_ends_the_session(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    person = provider.add("nina@alpha.test")
    laptop, phone = client_factory(), client_factory()
    sign_in(laptop, "nina@alpha.test")
    sign_in(phone, "nina@alpha.test")
    other = provider.add("omar@alpha.test")
    bystander = client_factory()
    sign_in(bystander, "omar@alpha.test")
    # One session, by the provider's session id (the laptop's was the first sign-in).
    response = _post_logout(client_factory(), provider.logout_token(sub=person.sub, sid="session-1"))
    assert response.status_code == 200, response.content
    assert laptop.get("/api/me").status_code == 401
    assert phone.get("/api/me").status_code == 200
    # Every session of the subject.
    assert _post_logout(client_factory(), provider.logout_token(sub=person.sub)).status_code == 200
    assert phone.get("/api/me").status_code == 401
    assert bystander.get("/api/me").status_code == 200
    assert other.sub != person.sub
    assert AuditEntry.objects.filter(action="signed_out").count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"key": "other"},
        {"iss": "http://127.0.0.1:9"},
        {"aud": "someone-else"},
        {"events": {"http://example.com/other": {}}},
        {"nonce": "x"},
        {"iat": int(time.time()) - 3600},
        {"sub": None, "sid": None},
    ],
)
def test_a_bad_logout_token_ends_nothing(client_factory, org_a, provider, bad):
    configure(org_a.organisation, org_a["admin"], provider)
    person = provider.add("nina@alpha.test")
    browser = client_factory()
    sign_in(browser, "nina@alpha.test")
    if bad.get("key") == "other":
        bad = {"key": provider.other_key}
    response = _post_logout(client_factory(), provider.logout_token(**({"sub": person.sub} | bad)))
    assert response.status_code == 400
    assert "logout_token" in response.json()["fields"]
    assert browser.get("/api/me").status_code == 200


def test_a_replayed_logout_token_is_refused(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    person = provider.add("nina@alpha.test")
    token = provider.logout_token(sub=person.sub)
    assert _post_logout(client_factory(), token).status_code == 200
    sign_in(client_factory(), "nina@alpha.test")
    assert _post_logout(client_factory(), token).status_code == 400
