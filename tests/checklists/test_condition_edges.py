"""The condition language at its edges: a child's age on their birthday and on 29 February, the
lower and upper ends of an age range, the limits of what a range may say, values that are not
choices, and the facts a condition names when an item is retired. Found by mutation testing
(docs/testing.md)."""

from datetime import date

import pytest

from welkom.checklists import conditions
from welkom.checklists.conditions import ConditionError, Facts, evaluate


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2022, 3, 15), date(2026, 3, 14), 3),  # the day before the fourth birthday
        (date(2022, 3, 15), date(2026, 3, 15), 4),  # the birthday itself
        (date(2022, 3, 15), date(2026, 4, 1), 4),  # a later month, an earlier day
        (date(2020, 2, 29), date(2026, 2, 28), 5),  # a leap-day child, in a year without one
        (date(2020, 2, 29), date(2026, 3, 1), 6),
    ],
)
def test_a_child_is_a_year_older_from_their_birthday_on(born, day, age):
    assert conditions.child_ages([born], day) == (age,)


def test_the_ages_of_several_children_come_youngest_first():
    assert conditions.child_ages([date(2015, 1, 1), date(2022, 6, 1)], date(2026, 11, 2)) == (4, 11)


def test_the_reference_day_is_the_arrival_only_while_it_is_ahead():
    today = date(2026, 10, 1)
    assert conditions.reference_day(date(2026, 10, 2), today) == date(2026, 10, 2)
    assert conditions.reference_day(today, today) == today


@pytest.mark.parametrize(
    ("ages", "expected"),
    [((3,), False), ((4,), True), ((5,), True), ((6,), False), ((), False), ((2, 5), True)],
)
def test_an_age_range_includes_both_its_ends(ages, expected):
    condition = {"child_aged": {"from": 4, "to": 5}}
    conditions.check(condition)
    assert evaluate(condition, Facts(child_ages=ages)) is expected


@pytest.mark.parametrize(
    "condition",
    [
        {"child_aged": {"from": 0, "to": 30}},
        {"child_aged": {"from": 4, "to": 4}},
        {"municipality": "den-haag"},  # any gemeente
        {"employment": ["direct", "agency"]},
        {"not": {"any": [{"has_partner": True}, {"all": [{"has_children": False}]}]}},
    ],
)
def test_conditions_at_the_limits_of_the_language_are_accepted(condition):
    conditions.check(condition)


@pytest.mark.parametrize(
    ("condition", "path"),
    [
        ({"child_aged": {"from": -1, "to": 4}}, ("child_aged",)),
        ({"child_aged": {"from": 4, "to": 31}}, ("child_aged",)),
        ({"child_aged": {"from": 4}}, ("child_aged",)),
        ({"child_aged": {"from": 4, "to": 5, "at": 1}}, ("child_aged",)),
        ({"child_aged": {"from": True, "to": 5}}, ("child_aged",)),
        ({"child_aged": {"from": "4", "to": 5}}, ("child_aged",)),
        ({"child_aged": [4, 5]}, ("child_aged",)),
        ({"tenure": []}, ("tenure",)),
        ({"municipality": ""}, ("municipality",)),
        ({"permit_type": ["eu_citizen", 3]}, ("permit_type",)),
        ({"all": {"has_partner": True}}, ("all",)),
        ({"not": {"has_partner": "no"}}, ("not", "has_partner")),
        ({"any": [{"has_partner": True}, {}]}, ("any", 1)),
        ({}, ()),
    ],
)
def test_conditions_past_the_limits_are_refused_with_the_path(condition, path):
    with pytest.raises(ConditionError) as caught:
        conditions.check(condition)
    assert caught.value.path == path


def test_a_refusal_says_what_is_wrong():
    with pytest.raises(ConditionError, match=r"^unknown value\(s\) \['castle'\]; allowed: .*renting"):
        conditions.check({"tenure": "castle"})
    with pytest.raises(ConditionError, match=r"^unknown fact 'pets'; known: has_partner, .*child_aged$"):
        conditions.check({"pets": True})


def test_the_facts_a_condition_looks_at_are_named_however_deep_they_are():
    condition = {
        "all": [
            {"tenure": "renting"},
            {"any": [{"has_partner": True}, {"not": {"child_aged": {"from": 0, "to": 3}}}]},
        ],
        "municipality": "utrecht",
    }
    assert conditions.facts_used(condition) == {"tenure", "has_partner", "child_aged", "municipality"}
    assert conditions.facts_used({"has_partner": True, "not": {"tenure": "buying"}}) == {
        "has_partner",
        "tenure",
    }
    assert conditions.facts_used(None) == set()


def test_a_newcomer_whose_municipality_is_not_known_gets_no_items_of_one_municipality():
    """An empty fact is no part of a condition's name: "" is in "utrecht" as text, not as a choice."""
    condition = {"municipality": "utrecht"}
    assert evaluate(condition, Facts()) is False
    assert evaluate(condition, Facts(municipality="utrecht")) is True
    assert evaluate({"municipality": "den-haag"}, Facts(municipality="haag")) is False
