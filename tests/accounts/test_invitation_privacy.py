"""Inviting an address tells HR nothing about other organisations' people.

An address can belong to one organisation's account at a time. When HR invites an address that
already has an account elsewhere, the answer, the invitation list and the people list look exactly
as for any new address; the difference is only in the e-mail, which goes to the address's owner: a
notice instead of a link. Within one's own organisation "already registered" is said plainly."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD
from welkom.accounts import services
from welkom.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _eager():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _invite(client, email, role="newcomer"):  # type: ignore[no-untyped-def]
    return client.post("/api/invitations", {"email": email, "role": role, "full_name": "Nina"}, format="json")


def _shape(body):  # type: ignore[no-untyped-def]
    """What HR sees, without the values that differ for any two invitations."""
    return {
        key: value for key, value in body.items() if key not in ("id", "email", "created_at", "expires_at")
    }


def test_an_address_with_an_account_elsewhere_looks_like_any_new_address(client_factory, org_a, org_b):
    hr = client_factory(org_a["hr"])
    fresh = _invite(hr, "fresh@example.test")
    taken = _invite(hr, org_b["colleague"].email)
    assert (fresh.status_code, taken.status_code) == (201, 201), taken.content
    assert _shape(taken.json()) == _shape(fresh.json())
    listed = {item["email"]: item for item in hr.get("/api/invitations").json()["results"]}
    assert _shape(listed[org_b["colleague"].email]) == _shape(listed["fresh@example.test"])
    people = {person["email"]: person for person in hr.get("/api/users").json()["results"]}
    assert people[org_b["colleague"].email].keys() == people["fresh@example.test"].keys()
    assert people[org_b["colleague"].email]["role"] == people["fresh@example.test"]["role"]


def test_the_owner_of_the_address_gets_a_notice_and_no_link(client_factory, org_a, org_b):
    owner = org_b["colleague"]
    _invite(client_factory(org_a["hr"]), owner.email)
    to_owner = [message for message in mail.outbox if owner.email in message.to]
    assert len(to_owner) == 1
    assert "/invite/" not in to_owner[0].body
    assert "another organisation" in to_owner[0].body
    # Their own account is untouched: same organisation, same password.
    owner.refresh_from_db()
    assert owner.organisation_id == org_b.organisation.pk
    login = client_factory().post(
        "/api/auth/login", {"email": owner.email, "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    assert login.json()["organisation"]["id"] == org_b.organisation.pk


def test_adding_a_newcomer_with_an_address_taken_elsewhere_looks_the_same(client_factory, org_a, org_b):
    hr = client_factory(org_a["hr"])
    body = {"email": org_b["newcomer"].email, "full_name": "Someone", "arrival_on": "2026-11-02"}
    response = hr.post("/api/newcomers", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["account"] == "invited"


def test_the_held_invitation_cannot_be_used_to_make_a_second_account(client_factory, org_a, org_b):
    _invite(client_factory(org_a["hr"]), org_b["colleague"].email)
    held = Invitation.objects.get(organisation=org_a.organisation, email=org_b["colleague"].email)
    token = services.invitation_token(held)  # never sent; even with it, no second account
    response = client_factory().post(
        "/api/invitations/accept", {"token": token, "password": "a-long-new-passphrase"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "address_in_use"
    assert User.objects.filter(email=org_b["colleague"].email, is_active=True).count() == 1


def test_when_two_organisations_invite_the_same_person_the_first_acceptance_wins(
    client_factory, org_a, org_b
):
    email = "both@example.test"
    _invite(client_factory(org_a["hr"]), email)
    _invite(client_factory(org_b["hr"]), email)
    links = [re.search(r"/invite/(\S+)", m.body).group(1) for m in mail.outbox if email in m.to]
    assert len(links) == 2  # nobody had an account yet: both links go out
    first = client_factory().post(
        "/api/invitations/accept", {"token": links[0], "password": "a-long-new-passphrase"}, format="json"
    )
    assert first.status_code == 200, first.content
    second = client_factory().post(
        "/api/invitations/accept", {"token": links[1], "password": "a-long-new-passphrase"}, format="json"
    )
    assert second.status_code == 400
    assert second.json()["code"] == "address_in_use"
    assert User.objects.filter(email=email, is_active=True).count() == 1


def test_within_the_organisation_already_registered_is_said(client_factory, org_a):
    response = _invite(client_factory(org_a["hr"]), org_a["colleague"].email)
    assert response.status_code == 400
    assert response.json()["code"] == "already_registered"
