"""Accounts at their edges, as an operator or an invited person meets them: an operator made on the
command line signs in to the admin site whatever the case of their address, no account is made
without an address, and an invited person starts in their organisation's language. Found by
mutation testing (docs/testing.md)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import InvitationFactory, TeamFactory
from welkom.accounts.models import Invitation, Role, TeamMembership, User
from welkom.accounts.services import invitation_send_email, team_member_add
from welkom.core.errors import ApiError

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
    assert (response.json()["code"], response.json()["detail"]) == (
        "invitation_used",
        "This invitation was already accepted.",
    )
    accepted.refresh_from_db()
    assert accepted.revoked_at is None


def test_preferences_that_are_not_valid_are_refused_with_what_to_choose(client_factory, org_a, settings):
    person = client_factory(org_a["colleague"])
    response = person.patch("/api/me", {"language": "xx", "time_zone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    choices = ", ".join(sorted(code for code, _name in settings.LANGUAGES))
    assert response.json() == {
        "code": "invalid",
        "detail": "Some preferences are not valid.",
        "fields": {
            "language": [f"Choose one of: {choices}."],
            "time_zone": ["“Mars/Olympus” is not a known time zone, e.g. Europe/Amsterdam."],
        },
    }
    changed = person.patch("/api/me", {"full_name": "  Nina  van Dam "}, format="json")
    assert changed.status_code == 200
    org_a["colleague"].refresh_from_db()
    assert (org_a["colleague"].full_name, org_a["colleague"].language) == ("Nina  van Dam", "en")


def _token(invitation):  # type: ignore[no-untyped-def]
    from welkom.accounts.services import invitation_token

    return invitation_token(invitation)


def test_a_password_like_ones_own_address_is_refused_when_accepting(client_factory, org_a):
    invitation = InvitationFactory(
        user__organisation=org_a.organisation, user__email="marijke.dekker@example.test", user__full_name=""
    )
    response = client_factory().post(
        "/api/invitations/accept",
        {"token": _token(invitation), "password": "marijke.dekker@example"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Choose a stronger password."
    assert body["fields"]["password"] == ["The password is too similar to the email."]


def test_a_link_that_is_not_an_invitation_says_so(client_factory):
    response = client_factory().get("/api/invitations/preview/not-a-token")
    assert response.json() == {
        "code": "invitation_invalid",
        "detail": "This invitation link is not valid. Check that you copied the whole link.",
        "fields": {"token": ["Not a valid invitation."]},
    }


def test_an_address_that_has_an_account_elsewhere_is_told_how_to_go_on(client_factory, org_a, org_b):
    placeholder = User(organisation=org_a.organisation, email=org_b["colleague"].email, is_active=False)
    placeholder.set_unusable_password()  # as an invitation leaves it until it is accepted
    placeholder.save()
    invitation = InvitationFactory(user=placeholder)
    response = client_factory().post(
        "/api/invitations/accept",
        {"token": _token(invitation), "password": "a-long-new-passphrase"},
        format="json",
    )
    message = (
        "This e-mail address already has a Welkom account with another organisation. An address "
        "can belong to one organisation at a time: log in with that account, or ask that "
        "organisation to close it first."
    )
    assert response.json() == {"code": "address_in_use", "detail": message, "fields": {"token": [message]}}


def test_a_reset_asked_for_before_the_account_was_closed_is_not_sent(
    client_factory, org_a, eager_celery, django_capture_on_commit_callbacks
):
    """The e-mail goes from the queue; an account closed meanwhile (offboarding) gets none."""
    person = org_a["colleague"]
    with django_capture_on_commit_callbacks() as queued:
        client_factory().post("/api/auth/password-reset", {"email": person.email}, format="json")
    person.is_active = False
    person.save()
    for callback in queued:
        callback()
    assert mail.outbox == []


def test_hr_adds_a_person_to_a_team_once_and_takes_them_out_again(client_factory, org_a, org_b):
    hr = client_factory(org_a["hr"])
    team, person = org_a.team, org_a["newcomer"]
    TeamMembership.objects.filter(team=team, user=person).delete()
    for _ in range(2):  # a second click adds nothing
        assert hr.post(f"/api/teams/{team.pk}/members", {"user": person.pk}, format="json").status_code == 201
    assert TeamMembership.objects.filter(team=team, user=person).count() == 1
    assert hr.delete(f"/api/teams/{team.pk}/members/{person.pk}").status_code == 204
    assert not TeamMembership.objects.filter(team=team, user=person).exists()
    with pytest.raises(ApiError) as refused:  # the API finds no such person; the service refuses too
        team_member_add(team=team, user=org_b["colleague"])
    assert refused.value.detail == "This person does not work in this organisation."
    assert not TeamMembership.objects.filter(user=org_b["colleague"], team=team).exists()


def test_a_withdrawn_or_used_link_says_what_happened_and_what_to_do(client_factory, org_a):
    guest = client_factory()
    withdrawn = InvitationFactory(user__organisation=org_a.organisation, revoked_at=timezone.now())
    assert guest.get(f"/api/invitations/preview/{_token(withdrawn)}").json() == {
        "code": "invitation_revoked",
        "detail": "This invitation was replaced or withdrawn. "
        "Use the newest invitation e-mail, or ask HR for a new one.",
        "fields": {"token": ["Withdrawn."]},
    }
    used = InvitationFactory(user__organisation=org_a.organisation, accepted_at=timezone.now())
    assert guest.get(f"/api/invitations/preview/{_token(used)}").json() == {
        "code": "invitation_used",
        "detail": "This invitation was already used. "
        "Log in with your e-mail and password, or reset your password.",
        "fields": {"token": ["Already used."]},
    }


def test_the_invitation_names_who_invites_whom_and_its_last_day_in_the_invitees_time_zone(
    client_factory, org_a, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_factory(org_a["hr"]).post(
            "/api/invitations",
            {"email": "nina@example.test", "role": "newcomer", "full_name": "Nina New"},
            format="json",
        )
    invitation = Invitation.objects.get(email="nina@example.test")
    User.objects.filter(pk=invitation.user_id).update(time_zone="America/New_York")
    # 23:30 UTC: still that day in New York, already the next one in Amsterdam.
    last = (
        (timezone.now() + timedelta(days=14))
        .astimezone(UTC)
        .replace(hour=23, minute=30, second=0, microsecond=0)
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=last, email_sent_at=None)
    mail.outbox.clear()
    assert invitation_send_email(invitation_id=invitation.pk) is True
    (message,) = mail.outbox
    organisation = org_a.organisation.name
    assert message.subject == f"Welcome to {organisation} on Welkom"
    assert message.body.startswith("Hello Nina New,")
    assert f"{organisation} invites you to Welkom" in message.body
    assert f"(valid until {date_format(last.date(), 'DATE_FORMAT')})" in message.body, message.body


EXPIRY = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # 13:00 in Amsterdam


@pytest.mark.parametrize("late", [timedelta(0), timedelta(days=3)], ids=["at that very moment", "days later"])
def test_an_expired_link_says_on_which_day_and_what_to_do(client_factory, org_a, monkeypatch, late):
    invitation = InvitationFactory(user__organisation=org_a.organisation, expires_at=EXPIRY)
    monkeypatch.setattr(timezone, "now", lambda: EXPIRY + late)
    assert client_factory().get(f"/api/invitations/preview/{_token(invitation)}").json() == {
        "code": "invitation_expired",
        "detail": "This invitation expired on Dec. 4, 2026. Ask HR to send you a new one.",
        "fields": {"token": ["Expired."]},
    }


def test_taking_a_person_out_of_one_team_leaves_their_other_teams_and_its_other_members(
    client_factory, org_a
):
    first, person, colleague = org_a.team, org_a["newcomer"], org_a["colleague"]
    second = TeamFactory(organisation=org_a.organisation, name="Support")
    for team, member in ((first, person), (second, person), (first, colleague)):
        team_member_add(team=team, user=member)
    response = client_factory(org_a["hr"]).delete(f"/api/teams/{first.pk}/members/{person.pk}")
    assert response.status_code == 204
    assert list(TeamMembership.objects.filter(user=person).values_list("team", flat=True)) == [second.pk]
    assert TeamMembership.objects.filter(team=first, user=colleague).exists()


def test_a_person_of_another_organisation_is_refused_naming_the_field(org_a, org_b):
    with pytest.raises(ApiError) as refused:
        team_member_add(team=org_a.team, user=org_b["colleague"])
    assert (refused.value.code, refused.value.fields) == ("invalid", {"user": ["Unknown person."]})


def test_the_notice_to_an_address_in_use_names_the_organisation_in_its_language(
    client_factory, org_a, org_b, eager_celery, django_capture_on_commit_callbacks
):
    """The notice goes in the language the invitation would have: the inviting organisation's."""
    org_a.organisation.default_language = "nl"
    org_a.organisation.save()
    owner = org_b["colleague"]
    with django_capture_on_commit_callbacks(execute=True):
        client_factory(org_a["hr"]).post(
            "/api/invitations", {"email": owner.email, "role": "newcomer"}, format="json"
        )
    [notice] = [message for message in mail.outbox if owner.email in message.to]
    assert notice.subject == f"{org_a.organisation.name} heeft je uitgenodigd voor Welkom"


def test_a_reset_email_is_written_in_the_persons_language(
    client_factory, org_a, eager_celery, django_capture_on_commit_callbacks
):
    person = org_a["colleague"]
    person.language = "nl"
    person.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client_factory().post("/api/auth/password-reset", {"email": person.email}, format="json")
    [message] = mail.outbox
    assert message.subject == "Stel je Welkom-wachtwoord opnieuw in"
