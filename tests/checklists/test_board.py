"""HR's board of housing and school status, its CSV export, and overdue items for the reminders."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.checklists.conftest import make_profile
from tests.factories import UserFactory
from welkom.checklists.models import ChecklistItem, ItemStatus
from welkom.checklists.selectors import overdue_items

pytestmark = pytest.mark.django_db


def _newcomer(org, name, **data):
    user = UserFactory(organisation=org.organisation, role="newcomer", full_name=name)
    return make_profile(org, user=user, **data)


def _finish(profile, key):
    ChecklistItem.objects.filter(checklist__profile=profile, template_item__key=key).update(
        status=ItemStatus.DONE
    )


@pytest.fixture
def newcomers(org_a, templates):
    housed = _newcomer(org_a, "Housed Person", tenure="renting")
    _finish(housed, "register-address")
    family = _newcomer(
        org_a,
        "Family Person",
        municipality="utrecht",
        children=[{"first_name": "K", "birth_date": date(2016, 3, 1)}],
    )
    short = _newcomer(org_a, "Short Stay", stays_longer_than_4_months=False)
    return {"housed": housed, "family": family, "short": short}


def test_board_shows_who_has_no_address_and_whose_children_are_not_enrolled(client_factory, org_a, newcomers):
    rows = {
        row["name"]: row for row in client_factory(org_a["hr"]).get("/api/checklists/board").json()["results"]
    }
    assert rows["Housed Person"]["housing"] == "done"
    assert rows["Family Person"]["housing"] == "open"
    assert rows["Family Person"]["school"] == "not_enrolled"
    assert rows["Family Person"]["children_to_enrol"] == 1
    assert rows["Short Stay"]["housing"] == "not_needed"
    assert rows["Short Stay"]["school"] == "not_needed"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status=no_address", {"Family Person"}),
        ("status=children_not_enrolled", {"Family Person"}),
        ("municipality=utrecht", {"Family Person"}),
        ("q=short", {"Short Stay"}),
        # They arrived in 2026-11: their items are late.
        ("status=overdue", {"Housed Person", "Family Person", "Short Stay"}),
    ],
)
def test_board_filters(client_factory, org_a, newcomers, query, names):
    rows = client_factory(org_a["hr"]).get(f"/api/checklists/board?{query}").json()["results"]
    assert {row["name"] for row in rows} == names


def test_bad_filters_are_a_400_naming_the_field(client_factory, org_a, newcomers):
    response = client_factory(org_a["hr"]).get("/api/checklists/board?status=lost&team=abc")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"status", "team"}


def test_csv_export_streams_the_filtered_board(client_factory, org_a, newcomers):
    response = client_factory(org_a["hr"]).get("/api/checklists/board.csv?status=children_not_enrolled")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="checklists-board-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["name"], r["school"], r["children_to_enrol"]) for r in rows] == [
        ("Family Person", "not_enrolled", "1")
    ]


def test_csv_cells_cannot_become_spreadsheet_formulas(client_factory, org_a, templates):
    _newcomer(org_a, '=HYPERLINK("http://evil")')
    body = b"".join(client_factory(org_a["hr"]).get("/api/checklists/board.csv").streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_board_and_export_run_a_fixed_number_of_queries(
    client_factory, org_a, templates, django_assert_max_num_queries
):
    client = client_factory(org_a["hr"])
    _newcomer(org_a, "First")
    client.get("/api/checklists/board")
    with django_assert_max_num_queries(6):
        client.get("/api/checklists/board")
    with django_assert_max_num_queries(6):
        b"".join(client.get("/api/checklists/board.csv").streaming_content)
    for n in range(12):
        _newcomer(org_a, f"More {n}", children=[{"birth_date": date(2015, 1, n + 1)}])
    with django_assert_max_num_queries(6):
        assert client.get("/api/checklists/board").json()["count"] == 13
    with django_assert_max_num_queries(6):
        b"".join(client.get("/api/checklists/board.csv").streaming_content)


def test_newcomer_lists_run_a_fixed_number_of_queries(
    client_factory, org_a, templates, django_assert_max_num_queries
):
    make_profile(
        org_a, has_partner=True, children=[{"birth_date": date(2019, 1, 1)}, {"birth_date": date(2012, 1, 1)}]
    )
    client = client_factory(org_a["newcomer"])
    client.get("/api/checklists")
    with django_assert_max_num_queries(12):
        assert client.get("/api/checklists").status_code == 200
    # Built (a miss): the fingerprint, then in its snapshot the reader, the profile and the answer's
    # queries, and in a test's transaction the fingerprint once more. Kept: three (session, user,
    # fingerprint).
    with django_assert_max_num_queries(14):
        assert client.get("/api/checklists/upcoming").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/checklists/upcoming").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/checklists/changes").status_code == 200


def test_overdue_items_for_the_journeys_reminders(org_a, org_b, templates):
    today = timezone.localdate()
    profile = make_profile(org_a, arrival_on=today - timedelta(days=10), first_day_on=today)
    make_profile(org_b, arrival_on=today + timedelta(days=30), first_day_on=today + timedelta(days=30))
    now = timezone.now()
    found = overdue_items(now=now)
    keys = {o.item.template_item.key for o in found}
    assert "register-brp" in keys  # due 5 days after arrival
    assert "apply-digid" not in keys  # due in 11 days
    brp = next(o for o in found if o.item.template_item.key == "register-brp")
    assert brp.days_overdue == 5
    assert brp.item.checklist.profile == profile
    assert all(o.item.checklist.organisation_id == org_a.organisation.pk for o in found)
    _finish(profile, "register-brp")
    assert "register-brp" not in {o.item.template_item.key for o in overdue_items(now=now)}
    assert overdue_items(now=now, organisation_id=org_b.organisation.pk) == []


def test_overdue_is_decided_in_the_newcomers_time_zone(org_a, templates):
    profile = make_profile(org_a, arrival_on=date(2026, 11, 2), time_zone="Pacific/Auckland")
    # 2026-11-07 20:00 UTC is already 2026-11-08 in Auckland: register-brp (due 11-07) is late there.
    now = datetime(2026, 11, 7, 20, 0, tzinfo=ZoneInfo("UTC"))
    keys = {o.item.template_item.key for o in overdue_items(now=now) if o.item.checklist.profile == profile}
    assert "register-brp" in keys
    profile.time_zone = "America/Los_Angeles"
    profile.save()
    keys = {o.item.template_item.key for o in overdue_items(now=now) if o.item.checklist.profile == profile}
    assert "register-brp" not in keys
