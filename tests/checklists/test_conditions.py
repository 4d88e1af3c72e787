"""The condition language and which items a household gets."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.checklists.conftest import ARRIVAL, make_profile, refs
from welkom.checklists import conditions
from welkom.checklists.conditions import ConditionError, Facts, evaluate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        (None, Facts(), True),
        ({"has_partner": True}, Facts(has_partner=True), True),
        ({"has_partner": True}, Facts(), False),
        ({"has_children": False}, Facts(), True),
        ({"tenure": ["renting", "buying"]}, Facts(tenure="buying"), True),
        ({"tenure": "renting"}, Facts(tenure="temporary"), False),
        ({"child_aged": {"from": 4, "to": 5}}, Facts(child_ages=(3, 9)), False),
        ({"child_aged": {"from": 4, "to": 5}}, Facts(child_ages=(5,)), True),
        ({"not": {"permit_type": "eu_citizen"}}, Facts(permit_type="eu_citizen"), False),
        ({"any": [{"has_partner": True}, {"has_children": True}]}, Facts(child_ages=(1,)), True),
        (
            {"all": [{"stays_longer_than_4_months": True}, {"municipality": "utrecht"}]},
            Facts(municipality="utrecht"),
            True,
        ),
        ({"stays_longer_than_4_months": True, "municipality": "utrecht"}, Facts(municipality="delft"), False),
    ],
)
def test_conditions_evaluate(condition, facts, expected):
    if condition:
        conditions.check(condition)
    assert evaluate(condition, facts) is expected


@pytest.mark.parametrize(
    ("condition", "path"),
    [
        ({"__import__": "os"}, ("__import__",)),
        ({"has_partner": "yes"}, ("has_partner",)),
        ({"all": [{"tenure": "castle"}]}, ("all", 0, "tenure")),
        ({"child_aged": {"from": 9, "to": 4}}, ("child_aged",)),
        ({"any": []}, ("any",)),
        ("has_partner", ()),
    ],
)
def test_bad_conditions_are_refused_with_the_path(condition, path):
    with pytest.raises(ConditionError) as caught:
        conditions.check(condition)
    assert caught.value.path == path


def test_ages_are_counted_on_arrival_when_it_is_ahead():
    today = date(2026, 10, 1)
    assert conditions.reference_day(date(2026, 12, 1), today) == date(2026, 12, 1)
    assert conditions.reference_day(date(2026, 9, 1), today) == today
    assert conditions.reference_day(None, today) == today


def _born(age: int) -> date:
    """A birth date that makes a child ``age`` on the day ages are counted on, as the service counts
    them: the arrival day while it is ahead, today once it has passed (the profile's zone is
    Amsterdam's). The birthday is four months before that day, well away from it, so the age holds
    on whatever date the test runs (a fixed birth date made a three-year-old four from March 2027)."""
    day = conditions.reference_day(ARRIVAL, timezone.localdate()) - timedelta(days=120)
    if (day.month, day.day) == (2, 29):
        day -= timedelta(days=1)
    return day.replace(year=day.year - age)


SCHOOL = "school-childcare/enrol-at-school"
LEERPLICHT = "school-childcare/leerplicht-registration"
EARLY = "school-childcare/primary-school-early"
QUALIFICATION = "school-childcare/qualification-duty"
CHILDCARE = "school-childcare/childcare"
INTERNATIONAL = "school-childcare/international-school"
FAMILY_DOCS = "arrival-registration/family-documents"
INSURE_FAMILY = "health-insurance/insure-family"


def test_single_person_without_children(org_a, templates):
    items = refs(make_profile(org_a))
    assert "arrival-registration/register-brp" in items
    assert "arrival-registration/register-rni" not in items
    assert not {i for i in items if i.startswith("school-childcare/")}
    assert FAMILY_DOCS not in items
    assert INSURE_FAMILY not in items


def test_a_partner_brings_family_items_but_no_school(org_a, templates):
    items = refs(make_profile(org_a, has_partner=True))
    assert {FAMILY_DOCS, INSURE_FAMILY} <= items
    assert not {i for i in items if i.startswith("school-childcare/")}


def test_a_three_year_old_gets_childcare_and_early_registration_but_no_compulsory_school(org_a, templates):
    items = refs(make_profile(org_a, children=[{"first_name": "Asha", "birth_date": _born(3)}]))
    assert {CHILDCARE, INTERNATIONAL, f"{EARLY}@Asha", FAMILY_DOCS, INSURE_FAMILY} <= items
    assert f"{SCHOOL}@Asha" not in items
    assert f"{LEERPLICHT}@Asha" not in items


def test_a_fifteen_year_old_must_go_to_school(org_a, templates):
    items = refs(make_profile(org_a, children=[{"first_name": "Ravi", "birth_date": _born(15)}]))
    assert {f"{SCHOOL}@Ravi", f"{LEERPLICHT}@Ravi", f"{QUALIFICATION}@Ravi", INTERNATIONAL} <= items
    assert CHILDCARE not in items
    assert f"{EARLY}@Ravi" not in items


def test_a_seventeen_year_old_has_the_qualification_duty(org_a, templates):
    items = refs(make_profile(org_a, children=[{"first_name": "Mei", "birth_date": _born(17)}]))
    assert {f"{SCHOOL}@Mei", f"{QUALIFICATION}@Mei", f"{LEERPLICHT}@Mei"} <= items
    assert CHILDCARE not in items


def test_each_child_gets_their_own_school_items(org_a, templates):
    children = [
        {"first_name": "Asha", "birth_date": _born(3)},
        {"first_name": "Ravi", "birth_date": _born(8)},
        {"first_name": "Mei", "birth_date": _born(17)},
    ]
    items = refs(make_profile(org_a, has_partner=True, children=children))
    assert {f"{SCHOOL}@Ravi", f"{SCHOOL}@Mei", f"{EARLY}@Asha"} <= items
    assert f"{SCHOOL}@Asha" not in items
    assert CHILDCARE in items  # Asha and Ravi are 12 or younger


def test_a_short_stay_registers_as_non_resident(org_a, templates):
    items = refs(make_profile(org_a, stays_longer_than_4_months=False))
    assert "arrival-registration/register-rni" in items
    assert "arrival-registration/register-brp" not in items
    assert "housing/register-address" not in items
    assert "housing/rent-benefit-check" not in items


def test_eu_citizens_collect_no_residence_card(org_a, templates):
    assert "arrival-registration/collect-residence-card" in refs(make_profile(org_a))
    other = make_profile(org_a, user=org_a["colleague"], permit_type="eu_citizen")
    assert "arrival-registration/collect-residence-card" not in refs(other)


def test_tenure_decides_the_housing_items(org_a, templates):
    renting = refs(make_profile(org_a, tenure="renting"))
    assert {"housing/rental-contract", "housing/rent-benefit-check", "housing/utilities"} <= renting
    assert "housing/temporary-housing" not in renting
    buying = refs(make_profile(org_a, user=org_a["colleague"], tenure="buying"))
    assert "housing/buying-a-home" in buying
    assert "housing/rental-contract" not in buying
    assert "housing/rent-benefit-check" not in buying
