import pytest

from tests.conftest import CsrfClient
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_returns_me_and_starts_a_session(api):
    user = UserFactory(email="ana@example.test", role="newcomer", language="nl")
    response = api.post("/api/auth/login", {"email": "ANA@example.test", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["email"] == "ana@example.test"
    me = api.get("/api/me").json()
    assert me["role"] == "newcomer"
    assert me["language"] == "nl"
    assert me["organisation"]["id"] == user.organisation_id


def test_me_requires_login(api):
    response = api.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "detail": "Please log in first.", "fields": {}}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "email"),
        ({"email": "not-an-address", "password": "x"}, "email"),
        ({"email": "a@example.test"}, "password"),
    ],
)
def test_bad_login_input_names_the_field(api, payload, field):
    response = api.post("/api/auth/login", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert field in body["detail"]


def test_wrong_password_is_a_clear_error_without_saying_which_part(api):
    UserFactory(email="ana@example.test")
    response = api.post("/api/auth/login", {"email": "ana@example.test", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert api.get("/api/me").status_code == 401


def test_login_without_csrf_token_is_refused():
    UserFactory(email="ana@example.test")
    client = CsrfClient()
    client.get("/login")
    response = client.post(
        "/api/auth/login",
        {"email": "ana@example.test", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN="",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_logged_in_write_without_csrf_token_is_refused(client_factory):
    user = UserFactory()
    client = client_factory(user)
    response = client.patch("/api/me", {"language": "nl"}, format="json", HTTP_X_CSRFTOKEN="forged")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_lockout_after_repeated_failures_even_with_the_right_password(api, settings):
    UserFactory(email="ana@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = api.post(
            "/api/auth/login", {"email": "ana@example.test", "password": "nope"}, format="json"
        )
        assert response.status_code == 400
    response = api.post("/api/auth/login", {"email": "ana@example.test", "password": "nope"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    response = api.post("/api/auth/login", {"email": "ana@example.test", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]


def test_lockout_is_per_address_so_others_can_still_log_in(api, settings):
    UserFactory(email="ana@example.test")
    other = UserFactory(email="bo@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/auth/login", {"email": "ana@example.test", "password": "nope"}, format="json")
    response = api.post("/api/auth/login", {"email": other.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_login_is_rate_limited_per_client(api, settings):
    from rest_framework.throttling import ScopedRateThrottle

    original = dict(ScopedRateThrottle.THROTTLE_RATES)
    ScopedRateThrottle.THROTTLE_RATES["login"] = "3/min"
    try:
        statuses = [
            api.post(
                "/api/auth/login", {"email": f"x{i}@example.test", "password": "x"}, format="json"
            ).status_code
            for i in range(4)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES.clear()
        ScopedRateThrottle.THROTTLE_RATES.update(original)
    assert statuses == [400, 400, 400, 429]


def test_inactive_user_cannot_log_in(api):
    UserFactory(email="gone@example.test", is_active=False)
    response = api.post(
        "/api/auth/login", {"email": "gone@example.test", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


def test_logout_ends_the_session(client_factory):
    client = client_factory(UserFactory())
    assert client.post("/api/auth/logout").status_code == 204
    assert client.get("/api/me").status_code == 401


def test_update_preferences_validates_language_and_time_zone(client_factory):
    client = client_factory(UserFactory())
    response = client.patch("/api/me", {"language": "xx", "time_zone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"language", "time_zone"}
    response = client.patch("/api/me", {"language": "nl", "time_zone": "Europe/Warsaw"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "nl"
    assert response.json()["time_zone"] == "Europe/Warsaw"
