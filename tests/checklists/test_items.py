"""Ticking items off: statuses, 'not applicable' with a reason, dependencies, notes, due dates."""

from datetime import timedelta

import pytest

from tests.checklists.conftest import make_profile
from welkom.checklists.models import ChecklistItem

pytestmark = pytest.mark.django_db


def _item(profile, slug, key):
    return ChecklistItem.objects.get(
        checklist__profile=profile, template_item__template__slug=slug, template_item__key=key
    )


@pytest.fixture
def profile(org_a, templates):
    return make_profile(org_a, arrival_on=None, first_day_on=None)


def test_the_newcomer_sees_grouped_checklists_with_sources(client_factory, org_a, profile):
    body = client_factory(org_a["newcomer"]).get("/api/checklists").json()
    slugs = [checklist["slug"] for checklist in body["results"]]
    assert slugs == ["arrival-registration", "health-insurance", "tax", "housing"]
    item = body["results"][0]["items"][1]
    assert item["ref"] == "arrival-registration/register-brp"
    assert item["source_url"].startswith("https://www.government.nl/")
    assert item["checked_on"] == "2026-11-28"
    digid = next(i for i in body["results"][0]["items"] if i["ref"] == "arrival-registration/apply-digid")
    assert digid["source_url"].startswith("https://www.digid.nl/")
    assert digid["checked_on"] is None  # the official page, not found stored: not re-checked
    assert item["documents_needed"]
    assert item["waiting_for"] == ["Book your appointment at the municipality"]
    assert item["local_note_html"] is None
    booking = body["results"][0]["items"][0]
    assert "Holland Expat Center South" in booking["local_note_html"]  # Eindhoven's own note


def test_texts_follow_the_readers_language(client_factory, org_a, profile):
    org_a["newcomer"].language = "nl"
    org_a["newcomer"].save()
    body = client_factory(org_a["newcomer"]).get("/api/checklists").json()
    assert body["results"][0]["title"] == "Aankomst en inschrijving"


def test_ticking_off_respects_dependencies(client_factory, org_a, profile):
    client = client_factory(org_a["newcomer"])
    digid = _item(profile, "arrival-registration", "apply-digid")
    response = client.patch(f"/api/checklist-items/{digid.pk}", {"status": "done"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "blocked"
    assert "status" in response.json()["fields"]
    digid.refresh_from_db()
    assert digid.status == "open"
    for key in ("book-registration-appointment", "register-brp"):
        item = _item(profile, "arrival-registration", key)
        assert (
            client.patch(f"/api/checklist-items/{item.pk}", {"status": "done"}, format="json").status_code
            == 200
        )
    response = client.patch(f"/api/checklist-items/{digid.pk}", {"status": "done"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["waiting_for"] == []


def test_not_applicable_needs_a_reason(client_factory, org_a, profile):
    client = client_factory(org_a["newcomer"])
    item = _item(profile, "tax", "thirty-percent-ruling")
    response = client.patch(f"/api/checklist-items/{item.pk}", {"status": "not_applicable"}, format="json")
    assert response.status_code == 400
    assert "not_applicable_reason" in response.json()["fields"]
    response = client.patch(
        f"/api/checklist-items/{item.pk}",
        {"status": "not_applicable", "not_applicable_reason": "Salary below the minimum", "note": "asked HR"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["not_applicable_reason"] == "Salary below the minimum"
    assert response.json()["note"] == "asked HR"


def test_bad_status_is_a_400_naming_the_field(client_factory, org_a, profile):
    item = _item(profile, "tax", "thirty-percent-ruling")
    response = client_factory(org_a["newcomer"]).patch(
        f"/api/checklist-items/{item.pk}", {"status": "finished"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["fields"]


def test_retired_items_cannot_be_changed(client_factory, org_a, profile):
    from welkom.newcomers.services import profile_update

    profile_update(profile=profile, changed_by=org_a["hr"], tenure="buying")
    item = _item(profile, "housing", "rental-contract")
    assert item.retired_at is not None
    response = client_factory(org_a["newcomer"]).patch(
        f"/api/checklist-items/{item.pk}", {"status": "done"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "retired"
    listed = client_factory(org_a["newcomer"]).get(f"/api/checklist-items/{item.pk}").json()
    assert listed["retired"]["reason"] == "no_longer_applies"
    assert listed["retired"]["facts"] == ["tenure"]


def test_due_next_lists_open_items_with_days_left(client_factory, org_a, profile):
    from django.utils import timezone

    from welkom.newcomers.services import profile_update

    today = timezone.localdate()
    profile_update(profile=profile, changed_by=org_a["hr"], arrival_on=today, first_day_on=today)
    body = client_factory(org_a["newcomer"]).get("/api/checklists/upcoming").json()
    first = body["results"][0]
    assert first["ref"] == "housing/temporary-housing"  # 14 days before arrival: already late
    assert first["days_left"] == -14
    brp = next(i for i in body["results"] if i["ref"] == "arrival-registration/register-brp")
    assert brp["due_on"] == (today + timedelta(days=5)).isoformat()
    assert brp["days_left"] == 5
    dated = [i["due_on"] for i in body["results"] if i["due_on"]]
    assert dated == sorted(dated)


def test_amounts_shown_are_the_ones_valid_today(org_a, profile):
    from datetime import date

    from welkom.checklists.serializers import current_amounts

    amounts = [
        {"key": "x", "label": {"en": "X"}, "value": 1, "unit": "EUR", "valid_from": "2025-01-01"},
        {"key": "x", "label": {"en": "X"}, "value": 2, "unit": "EUR", "valid_from": "2026-01-01"},
        {"key": "x", "label": {"en": "X"}, "value": 3, "unit": "EUR", "valid_from": "2027-01-01"},
    ]
    assert [a["value"] for a in current_amounts(amounts, date(2026, 6, 1), "en")] == [2]
    assert current_amounts(amounts, date(2024, 6, 1), "en") == []


def test_municipality_notes_for_the_newcomer(client_factory, org_a, profile):
    body = client_factory(org_a["newcomer"]).get("/api/checklists/municipality").json()
    assert body["name"] == "Eindhoven"
    assert body["expat_centre_name"] == "Holland Expat Center South"
    from welkom.newcomers.services import profile_update

    profile_update(profile=profile, changed_by=org_a["hr"], municipality="zwolle")
    assert client_factory(org_a["newcomer"]).get("/api/checklists/municipality").status_code == 404


@pytest.mark.parametrize("role", ["hr", "admin", "newcomer", "team_lead", "colleague"])
def test_hr_picks_a_municipality_from_the_content(client_factory, org_a, profile, role):
    response = client_factory(org_a[role]).get("/api/checklists/municipalities")
    if role not in ("hr", "admin"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    names = {row["slug"]: row["name"] for row in response.json()}
    assert names["eindhoven"] == "Eindhoven"
    assert list(names.values()) == sorted(names.values())


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("My BSN is 111222333", True),  # passes the eleven-test
        ("bsn 1112.22.333", True),
        ("call me on 0612345678", False),  # ten digits: a phone number
        ("order 123456789", False),  # nine digits that fail the eleven-test
        ("appointment at 10:30 on 5 december", False),
    ],
)
def test_a_bsn_is_never_stored_in_notes(client_factory, org_a, profile, text, refused):
    item = _item(profile, "tax", "thirty-percent-ruling")
    response = client_factory(org_a["newcomer"]).patch(
        f"/api/checklist-items/{item.pk}", {"note": text}, format="json"
    )
    item.refresh_from_db()
    if refused:
        assert response.status_code == 400
        assert response.json()["code"] == "bsn_not_allowed"
        assert "note" in response.json()["fields"]
        assert item.note == ""
    else:
        assert response.status_code == 200
        assert item.note == text


def test_an_offline_tick_older_than_the_servers_change_is_refused(client_factory, org_a, profile):
    """The rule in docs/mobile-app.md: a queued status change made before someone changed the item on the
    server is refused with 409 and changes nothing; one made after it is applied, dated when it was made."""
    item = _item(profile, "arrival-registration", "book-registration-appointment")
    hr = client_factory(org_a["hr"])
    newcomer = client_factory(org_a["newcomer"])
    assert (
        hr.patch(f"/api/checklist-items/{item.pk}", {"status": "in_progress"}, format="json").status_code
        == 200
    )

    stale = newcomer.patch(
        f"/api/checklist-items/{item.pk}",
        {"status": "done"},
        format="json",
        headers={"Welkom-Action-Age": "600", "Idempotency-Key": "stale-tick"},
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    item.refresh_from_db()
    assert (item.status, item.status_changed_by) == ("in_progress", org_a["hr"])

    # A note carries no status: it is not refused.
    note = newcomer.patch(
        f"/api/checklist-items/{item.pk}",
        {"note": "Asked HR"},
        format="json",
        headers={"Welkom-Action-Age": "600"},
    )
    assert note.status_code == 200

    fresh = newcomer.patch(
        f"/api/checklist-items/{item.pk}",
        {"status": "done"},
        format="json",
        headers={"Welkom-Action-Age": "0"},
    )
    assert fresh.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.status_changed_by) == ("done", org_a["newcomer"])


def test_two_status_changes_queued_one_after_the_other_are_both_applied(client_factory, org_a, profile):
    item = _item(profile, "arrival-registration", "book-registration-appointment")
    client = client_factory(org_a["newcomer"])
    url = f"/api/checklist-items/{item.pk}"
    first = client.patch(url, {"status": "in_progress"}, format="json", headers={"Welkom-Action-Age": "120"})
    assert first.status_code == 200
    second = client.patch(url, {"status": "done"}, format="json", headers={"Welkom-Action-Age": "60"})
    assert second.status_code == 200
    item.refresh_from_db()
    assert item.status == "done"
