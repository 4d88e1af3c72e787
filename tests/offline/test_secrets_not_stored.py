"""Answers that carry a secret shown once (a new API key, the secret calendar address, an
authenticator secret) are never written to the idempotency store. The action itself still happens
once; a repeat of its Idempotency-Key is refused with ``secret_shown_once`` instead of showing the
secret a second time."""

from __future__ import annotations

import pytest

from welkom.language.models import CalendarFeed
from welkom.offline.models import IdempotencyRecord
from welkom.security import services as security_services
from welkom.translation.models import ApiKey

pytestmark = pytest.mark.django_db

KEY = "5d0c8f6a-2b3e-4f71-9c1d-7e6a5b4c3d21"


def _nowhere_in_the_store(secret: str) -> None:
    for record in IdempotencyRecord.objects.all():
        assert secret not in record.body


def _refused(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "secret_shown_once"
    assert body["detail"]


def test_a_new_api_key_is_not_stored_and_a_repeat_is_refused(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    first = hr.post("/api/translation/keys", {"name": "Chat bot"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201
    raw = first.json()["key"]
    assert raw.startswith("wk_")
    assert first["Cache-Control"] == "no-store"
    _nowhere_in_the_store(raw)
    again = hr.post("/api/translation/keys", {"name": "Chat bot"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    _refused(again)
    assert raw not in again.content.decode()
    assert ApiKey.objects.filter(organisation=org_a.organisation).count() == 1  # the action ran once


def test_the_secret_calendar_address_is_not_stored_and_a_repeat_is_refused(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    first = newcomer.post("/api/language/calendar", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201
    token = first.json()["url"].rsplit("/", 1)[1].removesuffix(".ics")
    _nowhere_in_the_store(token)
    again = newcomer.post("/api/language/calendar", HTTP_IDEMPOTENCY_KEY=KEY)
    _refused(again)
    assert token not in again.content.decode()
    assert CalendarFeed.objects.filter(user=org_a["newcomer"]).count() == 1


def test_the_authenticator_secret_is_not_stored_and_a_repeat_is_refused(client_factory, org_a):
    security_services.policy_update(organisation=org_a.organisation, require_two_factor=True)
    hr = client_factory(org_a["hr"])
    first = hr.post("/api/auth/two-factor/setup", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 200
    secret = first.json()["secret"]
    _nowhere_in_the_store(secret)
    _refused(hr.post("/api/auth/two-factor/setup", HTTP_IDEMPOTENCY_KEY=KEY))


def test_an_answer_without_a_secret_is_still_replayed(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    first = hr.post("/api/translation/glossary", {"term": "Zuidas"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = hr.post("/api/translation/glossary", {"term": "Zuidas"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
