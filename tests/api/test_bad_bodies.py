"""Bodies built to break the server get a 4xx in the caller's error shape, never a 500: JSON nested
thousands of levels deep is a 400, a body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is a 413. The
API answers ``{"code", "detail", "fields"}``, LibreTranslate's paths ``{"error": ...}``."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

KEY = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b"
DEEP = "[" * 20_000 + "]" * 20_000
DEEP_DICT = '{"email": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
NESTED_BUT_PARSEABLE = '{"email": ' + "[" * 500 + "]" * 500 + ', "password": "x"}'
BIG = json.dumps({"email": "a@example.test", "password": "x" * (6 * 1024 * 1024)})


def _api_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert body["detail"]


def _libre_error(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize("body", [DEEP, DEEP_DICT, NESTED_BUT_PARSEABLE])
def test_deep_json_to_the_anonymous_login_is_a_400(api, body):
    response = api.post("/api/auth/login", body, content_type="application/json")
    _api_error(response, 400, "parse_error")


@pytest.mark.parametrize("body", [DEEP, DEEP_DICT])
def test_deep_json_from_a_logged_in_person_is_a_400(client_factory, org_a, body):
    client = client_factory(org_a["hr"])
    _api_error(client.patch("/api/me", body, content_type="application/json"), 400, "parse_error")
    _api_error(
        client.post("/api/invitations", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY),
        400,
        "parse_error",
    )


@pytest.mark.parametrize("path", ["/translate", "/detect"])
def test_deep_json_to_libretranslate_is_a_400_in_its_shape(client_factory, org_a, path):
    client = client_factory(org_a["hr"])
    _libre_error(client.post(path, DEEP, content_type="application/json"), 400)
    _libre_error(client_factory().post(path, DEEP, content_type="application/json"), 400)


def test_a_body_over_the_limit_to_the_anonymous_login_is_a_413(api):
    _api_error(api.post("/api/auth/login", BIG, content_type="application/json"), 413, "request_too_large")


def test_a_body_over_the_limit_from_a_logged_in_person_is_a_413(client_factory, org_a):
    client = client_factory(org_a["hr"])
    _api_error(client.patch("/api/me", BIG, content_type="application/json"), 413, "request_too_large")
    # With an Idempotency-Key the middleware reads the body first: the same answer.
    response = client.post("/api/invitations", BIG, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    _api_error(response, 413, "request_too_large")


def test_a_form_over_the_limit_is_a_413(api):
    response = api.post("/api/auth/login", {"email": "a@example.test", "password": "x" * (6 * 1024 * 1024)})
    _api_error(response, 413, "request_too_large")


@pytest.mark.parametrize("path", ["/translate", "/detect"])
def test_a_body_over_the_limit_to_libretranslate_is_a_413_in_its_shape(client_factory, org_a, path):
    body = json.dumps({"q": "x" * (6 * 1024 * 1024), "source": "nl", "target": "en"})
    _libre_error(client_factory(org_a["hr"]).post(path, body, content_type="application/json"), 413)
    _libre_error(client_factory().post(path, body, content_type="application/json"), 413)
