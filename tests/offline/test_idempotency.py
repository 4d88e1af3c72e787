"""Exactly once: a write repeated with the same Idempotency-Key is answered from the stored answer."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone

from tests.offline.factories import IdempotencyRecordFactory
from welkom.accounts.models import Invitation
from welkom.core.errors import ApiError
from welkom.offline.actions import action_taken_at, reject_if_changed_since
from welkom.offline.models import IdempotencyRecord
from welkom.offline.services import idempotency_records_prune

pytestmark = pytest.mark.django_db

KEY = "4f1c2a9e-5b7d-4c1e-9a3f-0d2b8e6c7a10"


@pytest.fixture(autouse=True)
def _eager():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _invite(client, key, email="mira@example.test"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"email": email, "role": "newcomer", "full_name": "Mira"}
    return client.post("/api/invitations", body, format="json", **headers)


def test_a_repeated_post_creates_one_row_and_gets_the_same_answer(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    first = _invite(hr, KEY)
    second = _invite(hr, KEY)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Invitation.objects.filter(email="mira@example.test").count() == 1
    assert IdempotencyRecord.objects.filter(user=org_a["hr"], key=KEY).count() == 1


def test_a_repeated_patch_is_applied_once(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    first = newcomer.patch("/api/me", {"language": "ar"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 200
    assert first.json()["language"] == "ar"
    # Meanwhile the person changed it again online; the late repeat must not undo that.
    assert newcomer.patch("/api/me", {"language": "pl"}, format="json").status_code == 200
    again = newcomer.patch("/api/me", {"language": "ar"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.json()["language"] == "ar"  # the first answer, replayed …
    org_a["newcomer"].refresh_from_db()
    assert org_a["newcomer"].language == "pl"  # … and nothing applied twice


def test_without_a_key_every_request_runs(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    assert _invite(hr, None).status_code == 201
    assert _invite(hr, None).status_code == 201  # a new invitation replaces the first one
    assert IdempotencyRecord.objects.count() == 0


def test_the_same_key_for_a_different_request_is_refused(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    assert _invite(hr, KEY).status_code == 201
    response = _invite(hr, KEY, email="other@example.test")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Invitation.objects.filter(email="other@example.test").exists()


def test_keys_belong_to_one_person(client_factory, org_a, org_b):
    assert _invite(client_factory(org_a["hr"]), KEY).status_code == 201
    other = _invite(client_factory(org_b["hr"]), KEY, email="mira@bravo.test")
    assert other.status_code == 201  # not a "key reused" refusal: the key is scoped to its user
    assert "Idempotent-Replayed" not in other
    assert Invitation.objects.filter(email__startswith="mira@").count() == 2


def test_a_malformed_key_names_the_header(client_factory, org_a):
    response = _invite(client_factory(org_a["hr"]), "short")
    assert response.status_code == 400
    assert response.json()["fields"] == {"Idempotency-Key": ["Use 8 to 100 letters, digits, '-' or '_'."]}
    assert not Invitation.objects.exists()


def test_a_refused_request_is_answered_the_same_way_again(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    first = newcomer.patch("/api/me", {"language": "xx"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    second = newcomer.patch("/api/me", {"language": "xx"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == second.status_code == 400
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"


def test_answers_that_say_try_again_are_not_kept(client_factory, org_a):
    newcomer = client_factory(org_a["newcomer"])
    stale = newcomer.patch(
        "/api/me", {"language": "nl"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY, HTTP_X_CSRFTOKEN="stale"
    )
    assert stale.status_code == 403
    assert not IdempotencyRecord.objects.exists()
    retry = newcomer.patch("/api/me", {"language": "nl"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert retry.status_code == 200
    assert "Idempotent-Replayed" not in retry
    org_a["newcomer"].refresh_from_db()
    assert org_a["newcomer"].language == "nl"


def test_anonymous_requests_are_not_recorded(api):
    response = api.post(
        "/api/auth/login",
        {"email": "nobody@example.test", "password": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert response.status_code == 400
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_copies_sent_at_the_same_moment_create_one_row(client_factory):
    from tests.conftest import make_org

    org = make_org("gamma")
    clients = [client_factory(org["hr"]), client_factory(org["hr"])]
    for client in clients:
        client._token()
    # The phone sent other actions before: the copy that waited must get this key's answer.
    assert _invite(clients[0], "earlier-key-123", email="earlier@example.test").status_code == 201
    answers: list[int] = []
    barrier = threading.Barrier(2)

    def send(client):
        barrier.wait()
        try:
            answers.append(_invite(client, KEY).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == [201, 201]
    assert Invitation.objects.filter(email="mira@example.test").count() == 1
    assert IdempotencyRecord.objects.filter(key=KEY).count() == 1


def test_action_time_comes_from_the_age_the_phone_reports():
    request = RequestFactory().post("/api/x", HTTP_WELKOM_ACTION_AGE="3600")
    taken = action_taken_at(request)
    assert timedelta(minutes=59) < timezone.now() - taken < timedelta(minutes=61)
    assert timezone.now() - action_taken_at(RequestFactory().post("/api/x")) < timedelta(seconds=5)
    nonsense = RequestFactory().post("/api/x", HTTP_WELKOM_ACTION_AGE="soon")
    assert timezone.now() - action_taken_at(nonsense) < timedelta(seconds=5)
    huge = RequestFactory().post("/api/x", HTTP_WELKOM_ACTION_AGE="99999999")
    assert timezone.now() - action_taken_at(huge) < timedelta(days=61)


def test_a_server_change_newer_than_the_action_wins():
    taken = timezone.now() - timedelta(hours=2)
    reject_if_changed_since(changed_at=taken - timedelta(minutes=1), taken_at=taken, what="item")
    reject_if_changed_since(changed_at=None, taken_at=taken, what="item")
    with pytest.raises(ApiError) as error:
        reject_if_changed_since(
            changed_at=taken + timedelta(minutes=1), taken_at=taken, what="checklist item"
        )
    assert error.value.status_code == 409
    assert error.value.code == "conflict"
    assert "checklist item" in str(error.value.detail)


def test_old_records_are_pruned(org_a):
    IdempotencyRecordFactory(
        user=org_a["hr"], key="old-key-123", created_at=timezone.now() - timedelta(days=31)
    )
    IdempotencyRecordFactory(user=org_a["hr"], key="new-key-123")
    assert idempotency_records_prune() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new-key-123"]
