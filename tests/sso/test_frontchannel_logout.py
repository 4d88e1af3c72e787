"""Front-channel logout (OpenID Connect Front-Channel Logout 1.0): the provider's logout page loads
Welkom's address in an iframe with ``iss`` and ``sid``, and the sessions of that provider session end.
Only that answer may be framed, and only by the provider's origin."""

from __future__ import annotations

import pytest

from tests.sso.conftest import configure, sign_in
from welkom.audit.models import AuditEntry
from welkom.sso import flow

pytestmark = pytest.mark.django_db

URL = "/api/auth/sso/frontchannel-logout"


def _frame_ancestors(response) -> str:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    [directive] = [part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors")]
    return directive


def test_the_provider_session_named_by_sid_ends(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    laptop, phone = client_factory(), client_factory()
    sign_in(laptop, "nina@alpha.test")  # the provider's session-1
    sign_in(phone, "nina@alpha.test")  # session-2
    response = client_factory().get(URL, {"iss": provider.issuer, "sid": "session-1"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    assert laptop.get("/api/me").status_code == 401
    assert phone.get("/api/me").status_code == 200
    [entry] = AuditEntry.objects.filter(action="signed_out")
    assert entry.organisation_id == org_a.organisation.pk
    # Loaded again (the provider retries, or the page is reloaded): nothing left to end, still fine.
    assert client_factory().get(URL, {"iss": provider.issuer, "sid": "session-1"}).status_code == 200
    assert AuditEntry.objects.filter(action="signed_out").count() == 1


def test_only_the_providers_origin_may_frame_the_answer_and_nothing_else_is_framed(api, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    response = api.get(URL, {"iss": provider.issuer, "sid": "session-9"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert _frame_ancestors(response) == f"frame-ancestors {flow.origin(provider.issuer)}"
    assert flow.origin(provider.issuer) == provider.issuer  # http://127.0.0.1:<port>
    for other in ("/login", "/api/me", "/api/auth/sso/discover"):
        answer = api.get(other)
        assert answer["X-Frame-Options"] == "DENY", other
        assert _frame_ancestors(answer) == "frame-ancestors 'none'", other


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sid": "session-1"}, "iss"),
        ({"iss": "ISSUER"}, "sid"),
        ({"iss": "http://127.0.0.1:9", "sid": "session-1"}, "iss"),
    ],
)
def test_a_request_without_a_known_issuer_and_a_sid_ends_nothing(
    client_factory, org_a, provider, query, field
):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.add("nina@alpha.test")
    browser = client_factory()
    sign_in(browser, "nina@alpha.test")
    query = {key: provider.issuer if value == "ISSUER" else value for key, value in query.items()}
    response = client_factory().get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert "X-Frame-Options" in response  # an error is not framable
    assert browser.get("/api/me").status_code == 200
    assert not AuditEntry.objects.filter(action="signed_out").exists()


def test_another_organisations_provider_ends_only_its_own_sessions(
    client_factory, org_a, org_b, provider, provider_b
):
    """Both test providers number their sessions from 1: the issuer keeps them apart."""
    configure(org_a.organisation, org_a["admin"], provider)
    configure(org_b.organisation, org_b["admin"], provider_b, name="Bravo Login")
    provider.add("ann@alpha.test")
    provider_b.add("bob@bravo.test")
    alpha, bravo = client_factory(), client_factory()
    sign_in(alpha, "ann@alpha.test")
    sign_in(bravo, "bob@bravo.test")
    response = client_factory().get(URL, {"iss": provider_b.issuer, "sid": "session-1"})
    assert response.status_code == 200
    assert _frame_ancestors(response) == f"frame-ancestors {provider_b.issuer}"
    assert bravo.get("/api/me").status_code == 401
    assert alpha.get("/api/me").status_code == 200
    [entry] = AuditEntry.objects.filter(action="signed_out")
    assert entry.organisation_id == org_b.organisation.pk


def test_the_settings_advertise_the_front_channel_address(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider)
    body = client_factory(org_a["admin"]).get("/api/sso/provider").json()
    assert body["frontchannel_logout_uri"] == flow.frontchannel_logout_uri()
    assert body["frontchannel_logout_uri"].endswith(URL)
