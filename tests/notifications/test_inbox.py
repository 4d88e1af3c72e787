import pytest

from welkom.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_each_person_reads_only_their_own_inbox(client_factory, org_a, org_b):
    mine = notification_send(recipient=org_a["newcomer"], kind="x", title="Hello", dedupe_key="k1")
    again = notification_send(recipient=org_a["newcomer"], kind="x", title="Hello", dedupe_key="k1")
    assert mine.pk == again.pk
    newcomer = client_factory(org_a["newcomer"])
    assert newcomer.get("/api/notifications").json()["count"] == 1
    assert newcomer.get("/api/notifications/unread").json()["unread"] == 1
    assert client_factory(org_a["hr"]).post(f"/api/notifications/{mine.pk}/read").status_code == 404
    assert client_factory(org_b["newcomer"]).post(f"/api/notifications/{mine.pk}/read").status_code == 404
    assert newcomer.post(f"/api/notifications/{mine.pk}/read").json()["read_at"] is not None
    assert newcomer.post("/api/notifications/read-all").status_code == 204
