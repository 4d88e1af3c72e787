"""The provider's settings through the API: admins only, the secret never comes back."""

from __future__ import annotations

import pytest

from tests.sso.conftest import configure
from welkom.audit.models import AuditEntry
from welkom.sso import crypto
from welkom.sso.models import IdentityProvider

pytestmark = pytest.mark.django_db


def _payload(provider, **changes):
    body = {
        "name": "Alpha ID",
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "domains": ["alpha.test", "@Alpha-Labs.test "],
        "password_login_allowed": False,
        "accepted_amr": ["mfa"],
        "role_mapping": {"hr-team": "hr"},
        "session_minutes": 60,
    }
    body.update(changes)
    return body


def test_an_admin_sets_up_the_provider_and_never_sees_the_secret_again(client_factory, org_a, provider):
    admin = client_factory(org_a["admin"])
    assert admin.get("/api/sso/provider").json()["provider"] is None
    response = admin.put("/api/sso/provider", _payload(provider), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert provider.client_secret not in response.content.decode()
    assert body["provider"]["has_client_secret"] is True
    assert body["provider"]["domains"] == ["alpha-labs.test", "alpha.test"]
    assert body["redirect_uri"].endswith("/api/auth/sso/callback")
    stored = IdentityProvider.objects.get()
    assert provider.client_secret not in stored.client_secret_encrypted
    assert crypto.decrypt(stored.client_secret_encrypted) == provider.client_secret
    # Saving again without a secret keeps it.
    again = admin.put(
        "/api/sso/provider", _payload(provider, client_secret="", name="Alpha SSO"), format="json"
    )
    assert again.json()["provider"]["name"] == "Alpha SSO"
    assert crypto.decrypt(IdentityProvider.objects.get().client_secret_encrypted) == provider.client_secret
    assert provider.client_secret not in admin.get("/api/sso/provider").content.decode()
    assert admin.delete("/api/sso/provider").status_code == 204
    assert not IdentityProvider.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type="identity_provider")
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [(a, org_a["admin"].pk) for a in ("created", "changed", "removed")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role_mapping": {"it": "admin"}}, "role_mapping"),
        ({"domains": []}, "domains"),
        ({"domains": ["not a domain"]}, "domains"),
        ({"client_secret": ""}, "client_secret"),
        ({"issuer": "ftp://x"}, "issuer"),
        ({"session_minutes": 1}, "session_minutes"),
    ],
)
def test_bad_settings_name_the_field(client_factory, org_a, provider, changes, field):
    admin = client_factory(org_a["admin"])
    response = admin.put("/api/sso/provider", _payload(provider, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not IdentityProvider.objects.exists()
    assert not AuditEntry.objects.filter(object_type="identity_provider").exists()


def test_https_is_required_outside_tests(client_factory, org_a, provider, settings):
    settings.SSO_ALLOW_HTTP = False
    admin = client_factory(org_a["admin"])
    response = admin.put("/api/sso/provider", _payload(provider), format="json")
    assert response.status_code == 400
    assert "issuer" in response.json()["fields"]


def test_a_domain_belongs_to_one_organisation(client_factory, org_a, org_b, provider, provider_b):
    configure(org_a.organisation, org_a["admin"], provider, domains=["alpha.test"])
    admin_b = client_factory(org_b["admin"])
    response = admin_b.put("/api/sso/provider", _payload(provider_b, domains=["alpha.test"]), format="json")
    assert response.status_code == 400
    assert "domains" in response.json()["fields"]


@pytest.mark.parametrize("role", ["hr", "team_lead", "colleague", "newcomer"])
def test_only_admins_reach_the_settings(client_factory, org_a, provider, role):
    configure(org_a.organisation, org_a["admin"], provider)
    caller = client_factory(org_a[role])
    assert caller.get("/api/sso/provider").status_code == 403
    assert caller.put("/api/sso/provider", _payload(provider), format="json").status_code == 403
    assert caller.delete("/api/sso/provider").status_code == 403
    assert IdentityProvider.objects.get().name == "Alpha ID"


def test_an_admin_sees_only_their_own_organisations_provider(client_factory, org_a, org_b, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    admin_b = client_factory(org_b["admin"])
    assert admin_b.get("/api/sso/provider").json()["provider"] is None
    assert admin_b.delete("/api/sso/provider").status_code == 204
    assert IdentityProvider.objects.filter(organisation=org_a.organisation).exists()


@pytest.mark.parametrize(
    ("misbehaviour", "issuer", "code", "says"),
    [
        ({}, "http://127.0.0.1:9", "discovery_unreachable", "could not load"),
        ({"discovery_status": 404}, None, "discovery_unreachable", "HTTP 404"),
        ({"discovery_not_json": True}, None, "discovery_not_json", "JSON"),
        ({"issuer_in_discovery": "https://login.other.example"}, None, "discovery_issuer_mismatch",
         "login.other.example"),
        ({"discovery_without": ["jwks_uri", "token_endpoint"]}, None, "discovery_missing_endpoints",
         "token_endpoint, jwks_uri"),
    ],
)  # fmt: skip
def test_saving_reads_the_discovery_document_and_refuses_one_that_cannot_be_used(
    client_factory, org_a, provider, misbehaviour, issuer, code, says
):
    admin = client_factory(org_a["admin"])
    provider.misbehave.update(misbehaviour)
    response = admin.put(
        "/api/sso/provider", _payload(provider, issuer=issuer or provider.issuer), format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    [message] = body["fields"]["issuer"]
    assert says in message
    assert not IdentityProvider.objects.exists()
    assert not AuditEntry.objects.filter(object_type="identity_provider").exists()


def test_a_refused_change_leaves_the_stored_settings_as_they_were(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, domains=["alpha.test"])
    before = IdentityProvider.objects.values().get()
    admin = client_factory(org_a["admin"])
    provider.misbehave["discovery_without"] = ["authorization_endpoint"]
    changed = _payload(provider, name="Renamed", domains=["alpha.test", "alpha.nl"], session_minutes=30)
    response = admin.put("/api/sso/provider", changed, format="json")
    assert response.status_code == 400
    assert "issuer" in response.json()["fields"]
    assert IdentityProvider.objects.values().get() == before
    assert list(IdentityProvider.objects.get().domains.values_list("domain", flat=True)) == ["alpha.test"]
    assert AuditEntry.objects.filter(object_type="identity_provider").count() == 1  # the first save
    # Fixed at the provider: the same change now saves.
    provider.misbehave.clear()
    assert admin.put("/api/sso/provider", changed, format="json").status_code == 200
    assert IdentityProvider.objects.get().name == "Renamed"


def test_a_form_with_other_mistakes_is_refused_before_the_provider_is_asked(client_factory, org_a, provider):
    admin = client_factory(org_a["admin"])
    provider.misbehave["discovery_not_json"] = True
    response = admin.put("/api/sso/provider", _payload(provider, domains=["not a domain"]), format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"domains"}
