from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.sso.provider import Provider
from welkom.accounts.models import Organisation, User
from welkom.sso import flow, services
from welkom.sso.models import IdentityProvider


@pytest.fixture
def provider() -> Iterator[Provider]:
    idp = Provider()
    idp.redirect_uris.add(flow.redirect_uri())
    yield idp
    idp.stop()


@pytest.fixture
def provider_b() -> Iterator[Provider]:
    idp = Provider(client_id="welkom-bravo")
    idp.redirect_uris.add(flow.redirect_uri())
    yield idp
    idp.stop()


def configure(organisation: Organisation, admin: User, idp: Provider, **changes: Any) -> IdentityProvider:
    settings: dict[str, Any] = {
        "name": "Alpha ID",
        "issuer": idp.issuer,
        "client_id": idp.client_id,
        "client_secret": idp.client_secret,
        "domains": [organisation.slug + ".test"],
    }
    settings.update(changes)
    return services.provider_save(organisation=organisation, actor=admin, **settings)


def sign_in(client: Any, email: str) -> Any:
    """The browser's round trip, with the Django test client as Welkom's side: start, the
    provider's authorize endpoint over real HTTP, then the callback. Returns the callback's answer."""
    start = client.get("/api/auth/sso/start", {"email": email})
    assert start.status_code == 302, start.content
    if start["Location"].startswith("/login"):
        return start
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return client.get("/api/auth/sso/callback", callback_query(answer.headers["Location"]))


def callback_query(location: str) -> dict[str, str]:
    assert location.startswith(flow.redirect_uri()), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def refusal(response: Any) -> str:
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert location.path == "/login", response["Location"]
    return parse_qs(location.query)["sso_error"][0]
