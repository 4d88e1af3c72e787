import pytest

from welkom.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_each_person_reads_only_their_own_inbox(client_factory, org_a, org_b):
    mine = notification_send(recipient=org_a["newcomer"], kind="x", title="Hello", dedupe_key="k1")
    again = notification_send(recipient=org_a["newcomer"], kind="x", title="Hello", dedupe_key="k1")
    assert mine.pk == again.pk
    newcomer = client_factory(org_a["newcomer"])
    assert newcomer.get("/api/notifications").json()["count"] == 1
    assert newcomer.get("/api/notifications/push").json()["unread"] == 1
    assert client_factory(org_a["hr"]).post(f"/api/notifications/{mine.pk}/read").status_code == 404
    assert client_factory(org_b["newcomer"]).post(f"/api/notifications/{mine.pk}/read").status_code == 404
    assert newcomer.post(f"/api/notifications/{mine.pk}/read").json()["read_at"] is not None
    assert newcomer.post("/api/notifications/read-all").status_code == 204


def test_a_push_subscription_needs_an_https_endpoint(client_factory, org_a):
    client = client_factory(org_a["newcomer"])
    bad = client.post(
        "/api/notifications/push/subscriptions",
        {"endpoint": "http://x.test/1", "keys": {"p256dh": "a", "auth": "b"}},
        format="json",
    )
    assert bad.status_code == 400
    assert "endpoint" in bad.json()["fields"]
    good = client.post(
        "/api/notifications/push/subscriptions",
        {"endpoint": "https://push.example.test/1", "keys": {"p256dh": "a", "auth": "b"}},
        format="json",
    )
    assert good.status_code == 201
