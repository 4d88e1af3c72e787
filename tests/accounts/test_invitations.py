import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from welkom.accounts import services
from welkom.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"/invite/(\S+)")


def _token_from_outbox(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def _invite(client, email="new@example.test", role="newcomer", **extra):
    return client.post(
        "/api/invitations", {"email": email, "role": role, "full_name": "Nina New", **extra}, format="json"
    )


@pytest.fixture(autouse=True)
def _eager(settings):
    # Sending is queued on commit; here it runs in-process. The worker test covers the real queue.
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_invitation_flow_end_to_end(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    response = _invite(hr, team=org_a.team.pk)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    token = _token_from_outbox("new@example.test")

    guest = client_factory()
    preview = guest.get(f"/api/invitations/preview/{token}")
    assert preview.status_code == 200
    assert preview.json()["organisation"] == org_a.organisation.name

    accepted = guest.post(
        "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["role"] == "newcomer"
    assert accepted.json()["teams"] == [{"id": org_a.team.pk, "name": org_a.team.name}]
    assert guest.get("/api/me").json()["email"] == "new@example.test"

    fresh = client_factory()
    login = fresh.post(
        "/api/auth/login", {"email": "new@example.test", "password": "a-long-new-passphrase"}, format="json"
    )
    assert login.status_code == 200
    assert hr.get("/api/invitations").json()["results"][0]["status"] == "accepted"


def test_invited_person_cannot_log_in_before_accepting(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    user = User.objects.get(email="new@example.test")
    assert not user.is_active
    assert not user.has_usable_password()


def test_reused_link_is_refused_with_a_clear_message(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    token = _token_from_outbox("new@example.test")
    guest = client_factory()
    assert (
        guest.post(
            "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
        ).status_code
        == 200
    )
    again = client_factory().post(
        "/api/invitations/accept", {"token": token, "password": "another-passphrase"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["code"] == "invitation_used"
    assert "already used" in again.json()["detail"]


def test_expired_link_is_refused_with_the_date(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    token = _token_from_outbox("new@example.test")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client_factory().post(
        "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invitation_expired"
    assert "expired on" in response.json()["detail"]
    assert not User.objects.get(email="new@example.test").is_active


def test_reinvite_replaces_the_old_link(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    _invite(hr)
    first = _token_from_outbox("new@example.test")
    _invite(hr)
    second = _token_from_outbox("new@example.test")
    assert first != second
    response = client_factory().get(f"/api/invitations/preview/{first}")
    assert response.json()["code"] == "invitation_revoked"
    assert client_factory().get(f"/api/invitations/preview/{second}").status_code == 200


def test_tampered_token_is_refused(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    token = _token_from_outbox("new@example.test")
    response = client_factory().get(f"/api/invitations/preview/{token[:-2]}xx")
    assert response.status_code == 400
    assert response.json()["code"] == "invitation_invalid"


def test_weak_password_is_refused_and_link_stays_usable(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    token = _token_from_outbox("new@example.test")
    guest = client_factory()
    response = guest.post("/api/invitations/accept", {"token": token, "password": "12345"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["fields"]
    assert Invitation.objects.get().accepted_at is None
    assert (
        guest.post(
            "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
        ).status_code
        == 200
    )


def test_revoked_invitation_is_refused(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    invitation_id = _invite(hr).json()["id"]
    token = _token_from_outbox("new@example.test")
    assert hr.delete(f"/api/invitations/{invitation_id}").json()["status"] == "revoked"
    response = client_factory().post(
        "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
    )
    assert response.json()["code"] == "invitation_revoked"


def test_cannot_invite_an_existing_account_of_ones_own_organisation(client_factory, org_a):
    # Another organisation's accounts are never mentioned: see test_invitation_privacy.py.
    response = _invite(client_factory(org_a["hr"]), email=org_a["newcomer"].email)
    assert response.status_code == 400
    assert response.json()["code"] == "already_registered"
    assert "email" in response.json()["fields"]


def test_invalid_invitation_input_names_the_fields_and_writes_nothing(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    response = hr.post("/api/invitations", {"email": "nope", "role": "admin"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"email", "role"}
    assert not Invitation.objects.exists()
    assert not User.objects.filter(email="nope").exists()


def test_email_is_sent_once_even_if_the_task_runs_twice(client_factory, org_a):
    _invite(client_factory(org_a["hr"]))
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1
    assert services.invitation_send_email(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_password_reset_flow(client_factory, org_a):
    user = org_a["colleague"]
    guest = client_factory()
    assert guest.post("/api/auth/password-reset", {"email": user.email}, format="json").status_code == 202
    assert (
        guest.post("/api/auth/password-reset", {"email": "nobody@example.test"}, format="json").status_code
        == 202
    )
    assert len(mail.outbox) == 1
    uid, token = re.search(r"/reset-password/([^/]+)/(\S+)", mail.outbox[0].body).groups()
    response = guest.post(
        "/api/auth/password-reset/confirm",
        {"uid": uid, "token": token, "password": "brand-new-passphrase"},
        format="json",
    )
    assert response.status_code == 204
    again = guest.post(
        "/api/auth/password-reset/confirm",
        {"uid": uid, "token": token, "password": "another-passphrase"},
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["code"] == "reset_link_invalid"
    assert (
        client_factory()
        .post("/api/auth/login", {"email": user.email, "password": "brand-new-passphrase"}, format="json")
        .status_code
        == 200
    )


def test_an_expired_invitation_is_listed_as_expired_and_its_late_email_is_not_sent(client_factory, org_a):
    """The secondary path of expiry: HR's list says "expired" (not "pending"), and an e-mail task
    that runs after the expiry (a worker that was down) sends no link that could only be refused."""
    hr = client_factory(org_a["hr"])
    invitation_id = _invite(hr).json()["id"]
    mail.outbox.clear()
    Invitation.objects.filter(pk=invitation_id).update(
        expires_at=timezone.now() - timedelta(minutes=1), email_sent_at=None
    )
    [listed] = [i for i in hr.get("/api/invitations").json()["results"] if i["id"] == invitation_id]
    assert listed["status"] == "expired"
    assert services.invitation_send_email(invitation_id=invitation_id) is False
    assert mail.outbox == []
