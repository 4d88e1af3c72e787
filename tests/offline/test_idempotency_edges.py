"""Idempotency keys at their edges: the shortest and longest keys allowed and one letter past each,
a key on a read (nothing to keep), and a replay that answers with the first answer's type. Found by
mutation testing (docs/testing.md)."""

import pytest

from welkom.offline.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def _language(client, key: str, language: str = "nl"):
    return client.patch("/api/me", {"language": language}, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.parametrize(
    ("key", "kept"), [("a" * 8, True), ("a" * 7, False), ("b" * 100, True), ("b" * 101, False)]
)
def test_keys_of_eight_to_a_hundred_characters_are_kept_and_others_refused(client_factory, org_a, key, kept):
    newcomer = client_factory(org_a["newcomer"])
    first = _language(newcomer, key)
    assert first.status_code == (200 if kept else 400)
    if kept:
        again = _language(newcomer, key)
        assert again["Idempotent-Replayed"] == "true"
        assert again["Content-Type"] == first["Content-Type"] == "application/json"
        assert again.json() == first.json()
    else:
        assert list(first.json()["fields"]) == ["Idempotency-Key"]
    assert IdempotencyRecord.objects.count() == (1 if kept else 0)


def test_a_key_on_a_read_keeps_nothing(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    response = newcomer.get("/api/me", HTTP_IDEMPOTENCY_KEY="read-key-123")
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    assert not IdempotencyRecord.objects.exists()


def test_a_key_outside_the_api_keeps_nothing(client_factory, org_a):
    client_factory(org_a["newcomer"]).post("/admin/logout/", HTTP_IDEMPOTENCY_KEY="admin-key-123")
    assert not IdempotencyRecord.objects.exists()
