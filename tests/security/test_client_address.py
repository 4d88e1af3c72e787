"""Rate limits and the login lock-out count per client address, and a client cannot choose its own
address with an ``X-Forwarded-For`` header: only the hops added by the configured number of trusted
proxies (``WELKOM_TRUSTED_PROXIES``, 0 by default) are believed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NGINX = "10.0.0.2"


@pytest.fixture
def rates() -> Iterator[dict[str, str]]:
    """Low throttle rates for one test (DRF reads them once, into a class attribute)."""
    original = dict(SimpleRateThrottle.THROTTLE_RATES)
    yield SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES.clear()
    SimpleRateThrottle.THROTTLE_RATES.update(original)


def _login(client, email: str, password: str = "wrong", **headers):  # type: ignore[no-untyped-def]
    return client.post("/api/auth/login", {"email": email, "password": password}, format="json", **headers)


def test_forged_forwarded_for_headers_do_not_escape_the_login_rate_limit(api, rates):
    rates["login"] = "3/min"
    statuses = [
        _login(api, f"x{i}@example.test", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(1, 5)
    ]
    assert statuses == [400, 400, 400, 429]


def test_forged_forwarded_for_headers_do_not_escape_the_password_reset_limit(
    api, rates, django_capture_on_commit_callbacks
):
    rates["password_reset"] = "2/min"
    user = UserFactory(email="ana@example.test")
    api.get("/login")  # the CSRF cookie first, outside the count below
    with django_capture_on_commit_callbacks() as queued:  # one callback queues one e-mail
        statuses = [
            api.post(
                "/api/auth/password-reset",
                {"email": user.email},
                format="json",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
            ).status_code
            for i in range(1, 6)
        ]
    assert statuses == [202, 202, 429, 429, 429]
    assert len(queued) == 2
    assert (
        api.post(
            "/api/auth/password-reset/confirm",
            {"uid": "x", "token": "y", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR="192.0.2.1",
        ).json()["code"]
        == "rate_limited"
    )


def test_forged_forwarded_for_headers_do_not_escape_the_lockout(api, settings):
    UserFactory(email="ana@example.test")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(api, "ana@example.test", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    response = _login(api, "ana@example.test", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_client(api, rates, settings):
    """nginx appends the address it saw; whatever the client put in front of it is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    rates["login"] = "3/min"
    client = "198.51.100.7"
    statuses = [
        _login(
            api, f"x{i}@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, {client}"
        ).status_code
        for i in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    # Another client behind the same nginx has its own budget.
    other = _login(api, "y@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 400


def test_behind_two_trusted_proxies_the_second_hop_from_the_right_is_the_client(api, rates, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    rates["login"] = "2/min"
    cdn = "192.0.2.10"
    first = [
        _login(
            api, "x@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 198.51.100.7, {cdn}"
        )
        for i in range(3)
    ]
    assert [response.status_code for response in first] == [400, 400, 429]
    other = _login(api, "x@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"198.51.100.8, {cdn}")
    assert other.status_code == 400


def test_behind_a_trusted_proxy_the_lockout_is_per_client_not_per_proxy(api, settings):
    """Every request reaches Django from nginx; one client's failures must not lock out another."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ana@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(api, "ana@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = _login(api, "ana@example.test", PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    elsewhere = _login(
        api, "ana@example.test", PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert elsewhere.status_code == 200


def test_a_forwarded_for_value_that_is_not_an_address_falls_back_to_the_proxy(api, rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rates["login"] = "2/min"
    statuses = [
        _login(api, "x@example.test", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"not-an-ip-{i}").status_code
        for i in range(3)
    ]
    assert statuses == [400, 400, 429]
