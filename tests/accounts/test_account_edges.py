"""Accounts at their edges, as an operator or an invited person meets them: an operator made on the
command line signs in to the admin site whatever the case of their address, no account is made
without an address, and an invited person starts in their organisation's language. Found by
mutation testing (docs/testing.md)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import InvitationFactory
from welkom.accounts.models import Invitation, Role, User

pytestmark = pytest.mark.django_db

OPERATOR_PASSWORD = "an-operators-long-passphrase"


def test_an_operator_made_on_the_command_line_signs_in_to_the_admin_site(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", OPERATOR_PASSWORD)
    call_command("createsuperuser", interactive=False, email="Ops@Example.TEST", verbosity=0)
    operator = User.objects.get()
    assert operator.email == "ops@example.test"  # stored as people type it to sign in
    assert (operator.is_staff, operator.is_superuser, operator.role) == (True, True, Role.ADMIN)
    assert operator.organisation_id is None
    browser = Client()
    signed_in = browser.post(
        "/admin/login/?next=/admin/", {"username": "ops@example.test", "password": OPERATOR_PASSWORD}
    )
    assert signed_in.status_code == 302, signed_in.content
    assert signed_in["Location"] == "/admin/"
    assert browser.get("/admin/accounts/user/").status_code == 200


def test_no_account_is_made_without_an_address():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user(email="", password=OPERATOR_PASSWORD)
    assert not User.objects.exists()


@pytest.fixture
def eager_celery():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_an_invited_person_starts_in_their_organisations_language_and_is_invited_in_it(
    client_factory, org_a, eager_celery, django_capture_on_commit_callbacks
):
    org_a.organisation.default_language = "nl"
    org_a.organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_factory(org_a["hr"]).post(
            "/api/invitations", {"email": "Nieuw@Example.TEST", "role": "newcomer"}, format="json"
        )
    assert response.status_code == 201, response.content
    invited = User.objects.get(email="nieuw@example.test")
    assert invited.language == "nl"
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.test"]
    assert '<html lang="nl"' in message.alternatives[0][0]


def test_a_password_reset_goes_only_to_an_account_in_use(
    client_factory, org_a, eager_celery, django_capture_on_commit_callbacks
):
    """Not to a person invited who has not accepted yet: they have no password to reset."""
    with django_capture_on_commit_callbacks(execute=True):
        client_factory(org_a["hr"]).post(
            "/api/invitations", {"email": "waiting@example.test", "role": "newcomer"}, format="json"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("waiting@example.test", f" {org_a['colleague'].email.upper()} "):
            response = client_factory().post("/api/auth/password-reset", {"email": address}, format="json")
            assert response.status_code == 202
    assert [m.to for m in mail.outbox] == [[org_a["colleague"].email]]
    assert "/reset-password/" in mail.outbox[0].body


def test_an_invitation_withdrawn_twice_keeps_its_first_moment_and_an_accepted_one_stays(
    client_factory, org_a
):
    hr = client_factory(org_a["hr"])
    pending = InvitationFactory(user__organisation=org_a.organisation)
    assert hr.delete(f"/api/invitations/{pending.pk}").json()["status"] == "revoked"
    withdrawn = Invitation.objects.get(pk=pending.pk).revoked_at
    assert withdrawn is not None
    assert hr.delete(f"/api/invitations/{pending.pk}").json()["status"] == "revoked"
    assert Invitation.objects.get(pk=pending.pk).revoked_at == withdrawn
    accepted = InvitationFactory(user__organisation=org_a.organisation, accepted_at=timezone.now())
    response = hr.delete(f"/api/invitations/{accepted.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "invitation_used"
    accepted.refresh_from_db()
    assert accepted.revoked_at is None
