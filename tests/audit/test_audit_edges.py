"""The secondary paths of the audit log: a person's own changes (recorded) beside their own views (not),
events without an actor or a subject, and actions that do not exist."""

import pytest

from tests.privacy.helpers import newcomer_with_profile
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_event, audit_record, audit_record_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(org_a):
    return newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")


def _mine(client_factory, person):
    response = client_factory(person).get("/api/audit/me")
    assert response.status_code == 200
    return sorted(
        (e["actor"]["id"], e["actor_role"], e["action"], e["object_type"], e["object_id"])
        for e in response.json()["results"]
    )


def test_a_persons_own_changes_are_recorded_and_only_their_own_views_are_left_out(client_factory, newcomer):
    for action in ("changed", "created", "downloaded", "exported", "removed"):
        audit_record(
            actor=newcomer, action=action, subject_user=newcomer, object_type="newcomer_profile", object_id=7
        )
    assert (
        audit_record(actor=newcomer, action="viewed", subject_user=newcomer, object_type="newcomer_profile")
        is None
    )
    # The subject given by its id, as list endpoints do, is the same person.
    assert (
        audit_record_many(actor=newcomer, action="viewed", entries=[(newcomer.pk, "journey_plan", 3)]) == []
    )

    assert _mine(client_factory, newcomer) == [
        (newcomer.pk, "newcomer", action, "newcomer_profile", "7")
        for action in ("changed", "created", "downloaded", "exported", "removed")
    ]


def test_in_a_list_that_shows_the_reader_too_everyone_else_shown_is_recorded_at_one_moment(
    client_factory, org_a, newcomer
):
    hr = org_a["hr"]
    other = newcomer_with_profile(org_a, full_name="Tomasz Nowak", email="tomasz@alpha.test")
    recorded = audit_record_many(
        actor=hr,
        action="viewed",
        entries=[(hr, "person", hr.pk), (newcomer, "person", newcomer.pk), (other.pk, "person", other.pk)],
    )

    assert {entry.subject_user_id for entry in recorded} == {newcomer.pk, other.pk}
    assert _mine(client_factory, newcomer) == [(hr.pk, "hr", "viewed", "person", str(newcomer.pk))]
    assert _mine(client_factory, other) == [(hr.pk, "hr", "viewed", "person", str(other.pk))]
    assert not AuditEntry.objects.filter(subject_user=hr).exists()
    # One page seen is one moment in the log, however long writing its rows takes.
    assert len({entry.at for entry in AuditEntry.objects.filter(actor=hr)}) == 1


def test_an_entry_about_no_particular_object_has_an_empty_object_id(client_factory, org_a, newcomer):
    audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="newcomer_list")
    audit_event(
        organisation_id=org_a.organisation.pk, action="changed", object_type="retention", actor=org_a["admin"]
    )

    assert _mine(client_factory, newcomer) == [(org_a["hr"].pk, "hr", "viewed", "newcomer_list", "")]
    [setting] = client_factory(org_a["hr"]).get("/api/audit", {"action": "changed"}).json()["results"]
    assert (setting["actor"]["id"], setting["actor_role"], setting["object_type"], setting["object_id"]) == (
        org_a["admin"].pk,
        "admin",
        "retention",
        "",
    )
    assert setting["subject_user"] is None


def test_a_refused_sign_in_is_listed_without_an_actor_and_the_person_sees_it(
    client_factory, org_a, org_b, newcomer
):
    reason = "no_account_with_this_address_" + "x" * 30  # longer than the 40 characters the column keeps
    entry = audit_event(
        organisation_id=org_a.organisation.pk,
        action="sign_in_refused",
        subject_user=newcomer,
        object_type="sign_in",
        object_id=reason,
    )
    assert entry.pk is not None

    [listed] = client_factory(org_a["admin"]).get("/api/audit", {"subject": newcomer.pk}).json()["results"]
    assert listed["actor"] is None
    assert (listed["actor_role"], listed["action"], listed["object_type"], listed["object_id"]) == (
        "",
        "sign_in_refused",
        "sign_in",
        reason[:40],
    )
    assert listed["subject_user"]["id"] == newcomer.pk
    [seen] = client_factory(newcomer).get("/api/audit/me").json()["results"]
    assert (seen["actor"], seen["action"]) == (None, "sign_in_refused")
    assert client_factory(org_b["hr"]).get("/api/audit").json()["count"] == 0


def test_an_action_that_does_not_exist_is_refused_and_nothing_is_written(org_a, newcomer):
    with pytest.raises(ValueError, match="Unknown audit action 'deleted'"):
        audit_record(
            actor=org_a["hr"], action="deleted", subject_user=newcomer, object_type="newcomer_profile"
        )
    with pytest.raises(ValueError, match="Unknown audit action 'looked'"):
        audit_event(organisation_id=org_a.organisation.pk, action="looked", object_type="sign_in")
    assert not AuditEntry.objects.exists()
