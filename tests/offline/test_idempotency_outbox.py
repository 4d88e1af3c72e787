"""The phone's offline outbox against the server: every queued write (POST, PUT, PATCH, DELETE)
carries its own Idempotency-Key, a repeat gets the first answer back, a key used for something else
is refused with the header named and the reason given in the person's language, and an answer that
says "try again" (a crash, a rate limit) is not kept, so the retry really runs. Written for the
mutants of welkom/offline/middleware.py that survived (docs/testing.md)."""

from __future__ import annotations

import pytest
from rest_framework.throttling import ScopedRateThrottle

from welkom.chat import services as chat_services
from welkom.chat.models import ChatReader
from welkom.offline.models import IdempotencyRecord
from welkom.offline.privacy import export_offline

pytestmark = pytest.mark.django_db

KEY = "outbox-7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
OTHER_KEY = "outbox-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
READING = "/api/chat/reading-language"


def _reading_language(client, language: str, key: str | None = KEY):  # type: ignore[no-untyped-def]
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.put(READING, {"language": language}, format="json", **headers)


def _read_in(person) -> str:  # type: ignore[no-untyped-def]
    return ChatReader.objects.get(user=person).language


def test_a_repeated_put_is_answered_from_the_store_and_applied_once(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    first = _reading_language(newcomer, "pl")
    assert first.status_code == 200
    assert "Idempotent-Replayed" not in first
    # Online meanwhile, the person chose Romanian; the phone's late repeat must not undo that.
    assert _reading_language(newcomer, "ro", key=None).status_code == 200
    again = _reading_language(newcomer, "pl")
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert _read_in(org_a["newcomer"]) == "ro"


def test_a_repeated_delete_gets_the_first_answer_not_a_404(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    term = hr.post("/api/translation/glossary", {"term": "Zuidas"}, format="json").json()
    path = f"/api/translation/glossary/{term['id']}"
    first = hr.delete(path, HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 204
    again = hr.delete(path, HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.status_code == 204  # the term is gone: run again, this would be a 404
    assert again["Idempotent-Replayed"] == "true"
    assert again.get("Content-Type") == first.get("Content-Type")  # none: a 204 has no body
    assert hr.delete(path, HTTP_IDEMPOTENCY_KEY=OTHER_KEY).status_code == 404  # a new action runs


def test_each_key_keeps_its_own_answer(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    assert _reading_language(newcomer, "pl", key=KEY).json()["language"] == "pl"
    second = _reading_language(newcomer, "ar", key=OTHER_KEY)
    assert second.status_code == 200
    assert "Idempotent-Replayed" not in second
    assert second.json()["language"] == "ar"
    assert _read_in(org_a["newcomer"]) == "ar"
    assert _reading_language(newcomer, "pl", key=KEY).json()["language"] == "pl"  # still its own
    assert IdempotencyRecord.objects.filter(user=org_a["newcomer"]).count() == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [("patch", "/api/me"), ("patch", READING), ("post", READING)],
    ids=["another address", "another method", "another method (post)"],
)
def test_the_same_key_with_the_same_body_elsewhere_is_refused(client_factory, org_a, method, path):
    """The body alone is the same ({"language": "pl"}); the address or the method is not."""
    newcomer = client_factory(org_a["newcomer"])
    assert _reading_language(newcomer, "pl").status_code == 200
    response = getattr(newcomer, method)(path, {"language": "pl"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotent-Replayed" not in response


REFUSALS = {
    "en": {
        "malformed": {
            "code": "invalid",
            "detail": "The Idempotency-Key header is not valid.",
            "fields": {"Idempotency-Key": ["Use 8 to 100 letters, digits, '-' or '_'."]},
        },
        "reused": {
            "code": "idempotency_key_reused",
            "detail": "This Idempotency-Key was already used for a different request.",
            "fields": {"Idempotency-Key": ["Make a new key for each action."]},
        },
        "secret": {
            "code": "secret_shown_once",
            "detail": "This was already done, and its answer held a secret that is shown only once, "
            "so it cannot be shown again. If you did not see it, make a new one.",
            "fields": {},
        },
    },
    "nl": {
        "malformed": {
            "code": "invalid",
            "detail": "De Idempotency-Key-header is niet geldig.",
            "fields": {"Idempotency-Key": ["Gebruik 8 tot 100 letters, cijfers, „-” of „_”."]},
        },
        "reused": {
            "code": "idempotency_key_reused",
            "detail": "Deze Idempotency-Key is al gebruikt voor een ander verzoek.",
            "fields": {"Idempotency-Key": ["Maak voor elke actie een nieuwe sleutel."]},
        },
    },
}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_refusal_names_the_header_and_says_why_in_the_persons_language(client_factory, org_a, language):
    person = org_a["newcomer"]
    person.language = language
    person.save(update_fields=["language"])
    newcomer = client_factory(person)
    expected = REFUSALS[language]

    malformed = _reading_language(newcomer, "pl", key="no spaces allowed")
    assert (malformed.status_code, malformed.json()) == (400, expected["malformed"])

    assert _reading_language(newcomer, "pl").status_code == 200
    reused = _reading_language(newcomer, "ro")
    assert (reused.status_code, reused.json()) == (422, expected["reused"])
    assert _read_in(person) == "pl"

    if "secret" in expected:
        assert newcomer.post("/api/language/calendar", HTTP_IDEMPOTENCY_KEY=OTHER_KEY).status_code == 201
        secret = newcomer.post("/api/language/calendar", HTTP_IDEMPOTENCY_KEY=OTHER_KEY)
        assert (secret.status_code, secret.json()) == (409, expected["secret"])
        assert secret["Idempotent-Replayed"] == "true"  # the outbox drops it: the action did run


def test_a_secret_shown_once_is_never_cached_and_never_replayed(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    first = newcomer.post("/api/language/calendar", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201
    assert first["Cache-Control"] == "no-store"
    record = IdempotencyRecord.objects.get(user=org_a["newcomer"], key=KEY)
    assert (record.status_code, record.secret_withheld, record.body) == (201, True, "")


def test_a_crash_is_not_kept_and_the_retry_runs(client_factory, org_a, monkeypatch):
    newcomer = client_factory(org_a["newcomer"])
    set_language = chat_services.reading_language_set

    def crash(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(chat_services, "reading_language_set", crash)
    failed = _reading_language(newcomer, "pl")
    assert failed.status_code == 500
    assert failed.json()["code"] == "server_error"
    assert not IdempotencyRecord.objects.exists()

    monkeypatch.setattr(chat_services, "reading_language_set", set_language)
    retry = _reading_language(newcomer, "pl")
    assert retry.status_code == 200
    assert "Idempotent-Replayed" not in retry
    assert _read_in(org_a["newcomer"]) == "pl"


def test_a_rate_limited_request_is_not_kept_and_runs_once_allowed(client_factory, org_a, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "password_reset", "1/min")
    hr = client_factory(org_a["hr"])
    body = {"email": "nobody@example.test"}
    assert hr.post("/api/auth/password-reset", body, format="json").status_code == 202
    limited = hr.post("/api/auth/password-reset", body, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert limited.status_code == 429
    assert not IdempotencyRecord.objects.exists()

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "password_reset", "5/min")
    retry = hr.post("/api/auth/password-reset", body, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert retry.status_code == 202
    assert "Idempotent-Replayed" not in retry


def test_the_persons_export_says_which_request_each_kept_answer_belongs_to(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    answer = _reading_language(newcomer, "pl")
    [kept] = export_offline(org_a["newcomer"])["stored_responses"]
    assert {name: kept[name] for name in ("key", "method", "path", "status_code", "secret_withheld")} == {
        "key": KEY,
        "method": "PUT",
        "path": READING,
        "status_code": 200,
        "secret_withheld": False,
    }
    assert kept["content_type"] == "application/json"
    assert kept["body"] == answer.content.decode()
    assert "fingerprint" not in kept
