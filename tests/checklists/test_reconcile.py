"""Checklists follow the profile: items are added or retired (never lost) and the change is shown."""

from datetime import date, timedelta

import pytest

from tests.checklists.conftest import ARRIVAL, FIRST_DAY, make_profile, refs
from welkom.checklists.models import ChecklistChange, ChecklistItem, ItemStatus
from welkom.checklists.services import checklists_reconcile, item_update
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.services import profile_update

pytestmark = pytest.mark.django_db

SCHOOL = "school-childcare/enrol-at-school"


def _item(profile, ref, child=""):
    slug, key = ref.split("/")
    return ChecklistItem.objects.get(
        checklist__profile=profile,
        template_item__template__slug=slug,
        template_item__key=key,
        child_name=child,
    )


def test_hr_creating_a_newcomer_creates_their_checklists(client_factory, org_a, templates):
    hr = client_factory(org_a["hr"])
    response = hr.post("/api/newcomers", {"email": "new@alpha.test"}, format="json")
    assert response.status_code == 201, response.content
    profile = NewcomerProfile.objects.get(pk=response.json()["id"])
    assert "arrival-registration/register-brp" in refs(profile)  # even with every field at its default
    assert not ChecklistChange.objects.filter(profile=profile).exists()  # the first list is not a "change"


def test_adding_a_child_adds_items_and_the_change_is_shown(client_factory, org_a, templates):
    profile = make_profile(org_a)
    hr = client_factory(org_a["hr"])
    response = hr.patch(
        f"/api/newcomers/{profile.pk}",
        {"children": [{"first_name": "Ravi", "birth_date": "2018-03-15"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert f"{SCHOOL}@Ravi" in refs(profile)
    change = client_factory(org_a["newcomer"]).get("/api/checklists/changes").json()["results"][0]
    assert change["profile_fields"] == ["children"]
    assert "Enrol your child at a school" in [item["title"] for item in change["added"]]
    assert change["retired"] == []


def test_a_removed_child_retires_their_items_with_state_and_reason(org_a, templates):
    profile = make_profile(org_a, children=[{"first_name": "Ravi", "birth_date": date(2018, 3, 15)}])
    item = _item(profile, SCHOOL, "Ravi")
    item_update(item=item, changed_by=org_a["newcomer"], note="Visited two schools")
    profile_update(profile=profile, changed_by=org_a["hr"], children=[])
    item.refresh_from_db()
    assert item.retired_at is not None
    assert item.retired_reason == "child_removed"
    assert item.note == "Visited two schools"  # kept, not lost
    assert f"{SCHOOL}@Ravi" in refs(profile, retired=True)
    change = ChecklistChange.objects.filter(profile=profile).first()
    assert change is not None
    assert item in change.retired.all()


def test_a_retired_item_comes_back_with_its_state_when_it_applies_again(org_a, templates):
    profile = make_profile(org_a, has_partner=True)
    item = _item(profile, "health-insurance/insure-family")
    item.status = ItemStatus.IN_PROGRESS
    item.save()
    profile_update(profile=profile, changed_by=org_a["hr"], has_partner=False)
    item.refresh_from_db()
    assert item.retired_reason == "no_longer_applies"
    assert item.retired_detail == {"facts": ["employment", "has_children", "has_partner"]}
    profile_update(profile=profile, changed_by=org_a["hr"], has_partner=True)
    item.refresh_from_db()
    assert item.retired_at is None
    assert item.status == ItemStatus.IN_PROGRESS
    assert (
        ChecklistItem.objects.filter(checklist__profile=profile, template_item=item.template_item).count()
        == 1
    )


def test_a_shorter_stay_swaps_brp_for_rni(org_a, templates):
    profile = make_profile(org_a)
    profile_update(profile=profile, changed_by=org_a["hr"], stays_longer_than_4_months=False)
    assert "arrival-registration/register-rni" in refs(profile)
    assert "arrival-registration/register-brp" in refs(profile, retired=True)
    assert "housing/register-address" in refs(profile, retired=True)


def test_due_dates_follow_the_arrival_and_first_day(org_a, templates):
    profile = make_profile(org_a)
    assert _item(profile, "arrival-registration/register-brp").due_on == ARRIVAL + timedelta(days=5)
    assert _item(profile, "tax/thirty-percent-ruling").due_on == FIRST_DAY + timedelta(days=120)
    profile_update(profile=profile, changed_by=org_a["hr"], arrival_on=date(2026, 12, 1), first_day_on=None)
    assert _item(profile, "arrival-registration/register-brp").due_on == date(2026, 12, 6)
    assert _item(profile, "tax/thirty-percent-ruling").due_on is None


def test_reconciling_twice_changes_nothing(org_a, templates):
    profile = make_profile(org_a, children=[{"first_name": "A", "birth_date": date(2020, 1, 1)}])
    before = ChecklistChange.objects.count()
    assert checklists_reconcile(profile=profile) is None
    assert ChecklistChange.objects.count() == before


def test_items_removed_from_content_are_retired_with_that_reason(org_a, templates):
    from django.utils import timezone

    from welkom.checklists.models import ChecklistTemplateItem

    profile = make_profile(org_a)
    ChecklistTemplateItem.objects.filter(key="open-bank-account").update(archived_at=timezone.now())
    checklists_reconcile(profile=profile)
    assert _item(profile, "arrival-registration/open-bank-account").retired_reason == "removed_from_content"


def test_the_command_brings_running_checklists_up_to_date(org_a, templates):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from welkom.checklists.models import ChecklistTemplateItem

    profile = make_profile(org_a)
    ChecklistTemplateItem.objects.filter(key="apply-digid").update(archived_at=timezone.now())
    out = StringIO()
    call_command("checklists_reconcile", stdout=out)
    assert "1 had changes" in out.getvalue()
    assert "arrival-registration/apply-digid" in refs(profile, retired=True)
    change = ChecklistChange.objects.filter(profile=profile).first()
    assert change is not None
    assert change.profile_fields == ["templates"]


def _items(reader) -> list[dict]:
    """Every item of the reader's checklists, current and retired."""
    response = reader.get("/api/checklists?page_size=100")
    assert response.status_code == 200, response.content
    return [item for checklist in response.json()["results"] for item in checklist["items"]]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "child born March 15, 2018"),
        ("nl", "kind geboren op 15 maart 2018"),
        ("pl", "dziecko urodzone 15 marca 2018"),
    ],
)
def test_a_child_without_a_first_name_is_named_by_the_day_they_were_born_in_the_readers_language(
    client_factory, org_a, templates, language, shown
):
    """HR may enter a child by birth day alone: the newcomer reads which child an item is for in
    their own words (it was stored and shown as "2018-03-15" in every language), and so when the
    child is removed and their items retired."""
    newcomer = org_a["newcomer"]
    newcomer.language = language
    newcomer.save(update_fields=["language"])
    profile = make_profile(org_a)
    hr = client_factory(org_a["hr"])
    added = hr.patch(
        f"/api/newcomers/{profile.pk}",
        {"children": [{"first_name": "", "birth_date": "2018-03-15"}]},
        format="json",
    )
    assert added.status_code == 200, added.content
    reader = client_factory(newcomer)
    assert {item["child_name"] for item in _items(reader) if item["ref"] == SCHOOL} == {shown}
    change = reader.get("/api/checklists/changes").json()["results"][0]
    assert shown in {item["child_name"] for item in change["added"]}

    assert hr.patch(f"/api/newcomers/{profile.pk}", {"children": []}, format="json").status_code == 200
    [school] = [item for item in _items(reader) if item["ref"] == SCHOOL]
    assert (school["child_name"], school["retired"]["child"]) == (shown, shown)


def test_a_child_stored_by_birth_day_alone_keeps_no_name_after_the_upgrade(org_a, templates):
    """The migration clears the ISO day earlier versions stored as the name of a child without one."""
    from importlib import import_module

    from django.apps import apps

    profile = make_profile(org_a, children=[{"first_name": "", "birth_date": date(2018, 3, 15)}])
    item = ChecklistItem.objects.get(
        checklist__profile=profile, child_key="2018-03-15|", template_item__key="enrol-at-school"
    )
    ChecklistItem.objects.filter(pk=item.pk).update(
        child_name="2018-03-15", retired_detail={"child": "2018-03-15"}
    )
    migration = import_module("welkom.checklists.migrations.0004_child_name_without_birth_day")
    migration.forward(apps, None)
    item.refresh_from_db()
    assert (item.child_name, item.retired_detail) == ("", {})
