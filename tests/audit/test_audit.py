import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from tests.privacy.helpers import newcomer_with_profile
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_purge, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(org_a):
    return newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")


def test_hr_viewing_a_profile_is_recorded_and_the_newcomer_sees_it(client_factory, org_a, newcomer):
    profile_id = newcomer.newcomer_profile.pk
    assert client_factory(org_a["hr"]).get(f"/api/newcomers/{profile_id}").status_code == 200

    entry = AuditEntry.objects.get(subject_user=newcomer)
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        org_a["hr"],
        "viewed",
        "newcomer_profile",
        str(profile_id),
    )
    mine = client_factory(newcomer).get("/api/audit/me").json()
    assert [(e["actor"]["id"], e["actor_role"], e["action"]) for e in mine["results"]] == [
        (org_a["hr"].pk, "hr", "viewed")
    ]


def test_a_newcomer_looking_at_their_own_profile_is_not_recorded(client_factory, newcomer):
    assert client_factory(newcomer).get("/api/newcomers/me").status_code == 200
    assert client_factory(newcomer).get(f"/api/newcomers/{newcomer.newcomer_profile.pk}").status_code == 200
    assert not AuditEntry.objects.exists()


def test_changes_and_history_reads_are_recorded(client_factory, org_a, newcomer):
    hr = client_factory(org_a["hr"])
    pk = newcomer.newcomer_profile.pk
    assert hr.patch(f"/api/newcomers/{pk}", {"municipality": "utrecht"}, format="json").status_code == 200
    assert hr.get(f"/api/newcomers/{pk}/history").status_code == 200
    assert sorted(AuditEntry.objects.values_list("action", "object_type")) == [
        ("changed", "newcomer_profile"),
        ("viewed", "newcomer_profile_history"),
    ]


def test_every_profile_in_a_list_is_recorded_in_a_fixed_number_of_queries(
    client_factory, org_a, django_assert_max_num_queries
):
    hr = client_factory(org_a["hr"])
    newcomer_with_profile(org_a, full_name="One Person", email="one@alpha.test")
    with django_assert_max_num_queries(12) as few:
        assert hr.get("/api/newcomers").status_code == 200
    for n in range(5):
        newcomer_with_profile(org_a, full_name=f"Person {n}", email=f"p{n}@alpha.test")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert hr.get("/api/newcomers").json()["count"] == 6
    assert AuditEntry.objects.filter(action="viewed").count() == 1 + 6


def test_hr_lists_the_log_and_other_roles_cannot(client_factory, org_a, org_b, newcomer):
    audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="newcomer_profile")
    body = client_factory(org_a["admin"]).get(f"/api/audit?subject={newcomer.pk}").json()
    assert [e["subject_user"]["id"] for e in body["results"]] == [newcomer.pk]
    for role in ("newcomer", "colleague", "team_lead"):
        assert client_factory(org_a[role]).get("/api/audit").status_code == 403
    assert client_factory(org_b["hr"]).get("/api/audit").json()["count"] == 0
    assert client_factory(org_a["hr"]).get("/api/audit?subject=x").status_code == 400


def test_the_log_filters_by_person_action_and_days_in_the_readers_time_zone(client_factory, org_a, newcomer):
    import datetime as dt
    from zoneinfo import ZoneInfo

    hr, admin = org_a["hr"], org_a["admin"]
    hr.time_zone = "Asia/Kolkata"  # 05:30 ahead of UTC
    hr.save(update_fields=["time_zone"])
    utc = dt.UTC
    rows = [
        (admin, "viewed", dt.datetime(2026, 3, 1, 10, 0, tzinfo=utc)),
        (admin, "changed", dt.datetime(2026, 3, 1, 20, 0, tzinfo=utc)),  # 2 March 01:30 in Kolkata
        (hr, "viewed", dt.datetime(2026, 3, 3, 10, 0, tzinfo=utc)),
    ]
    for actor, action, at in rows:
        AuditEntry.objects.create(
            organisation=org_a.organisation,
            actor=actor,
            actor_role=actor.role,
            action=action,
            subject_user=newcomer,
            object_type="newcomer_profile",
            at=at,
        )
    client = client_factory(hr)

    def actions(**params):  # type: ignore[no-untyped-def]
        response = client.get("/api/audit", params)
        assert response.status_code == 200, response.content
        return [(e["action"], e["at"][:10]) for e in response.json()["results"]]

    assert actions(action="changed") == [("changed", "2026-03-01")]
    assert actions(actor=admin.pk) == [("changed", "2026-03-01"), ("viewed", "2026-03-01")]
    assert actions(subject=newcomer.pk, actor=hr.pk) == [("viewed", "2026-03-03")]
    # Days are the reader's: 20:00 UTC on 1 March is already 2 March in Kolkata.
    assert actions(since="2026-03-02", until="2026-03-02") == [("changed", "2026-03-01")]
    assert actions(until="2026-03-01") == [("viewed", "2026-03-01")]
    assert actions(since="2026-03-03", until="9999-12-31") == [("viewed", "2026-03-03")]
    assert ZoneInfo(hr.time_zone)  # the zone the test relies on exists


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"action": "deleted"}, "action"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-03-02", "until": "2026-03-01"}, "until"),
        ({"actor": "99999999999999999999"}, "actor"),
        ({"subject": "0"}, "subject"),
    ],
)
def test_bad_filters_are_400_naming_the_field(client_factory, org_a, params, field):
    response = client_factory(org_a["admin"]).get("/api/audit", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_the_audit_list_runs_a_fixed_number_of_queries(
    client_factory, org_a, newcomer, django_assert_num_queries
):
    hr = client_factory(org_a["hr"])
    audit_record(actor=org_a["admin"], action="viewed", subject_user=newcomer, object_type="newcomer_profile")
    with django_assert_num_queries(4) as captured:  # session, user, count, page
        hr.get("/api/audit")
    for _ in range(10):
        audit_record(actor=org_a["admin"], action="viewed", subject_user=newcomer, object_type="x")
    with django_assert_num_queries(len(captured.captured_queries)):
        assert hr.get("/api/audit").json()["count"] == 11


@pytest.mark.postgresql_only(
    reason="the append-only guard is a PostgreSQL trigger (audit migration 0002); on SQLite the code "
    "and the read-only admin are the only guard"
)
def test_entries_cannot_be_edited_or_deleted_in_the_database(org_a, newcomer):
    entry = audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="x")
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert audit_purge(AuditEntry.objects.filter(pk=entry.pk)) == 1  # only retention and erasure may


def test_the_admin_site_is_read_only(org_a):
    model_admin = site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = org_a["admin"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
