"""A small, safe condition language for checklist items: *when does this item apply?*

Conditions are plain YAML data evaluated by this module over a fixed set of facts about the
newcomer's household. Nothing is ever passed to ``eval``; an unknown fact or a wrongly typed value is
a content error found when the content is synced, not when a newcomer opens their checklist.

Grammar (a mapping with several keys means *all of them*)::

    condition := {all: [condition, ...]} | {any: [condition, ...]} | {not: condition}
               | {has_partner: bool} | {has_children: bool} | {stays_longer_than_4_months: bool}
               | {tenure: value | [value, ...]} | {permit_type: value | [value, ...]}
               | {municipality: value | [value, ...]} | {employment: value | [value, ...]}
               | {housing_by_employer: bool}
               | {child_aged: {from: int, to: int}}    # any child aged from..to (inclusive)

Ages are counted on the *reference day*: the arrival date when it is known and still ahead, else
today — so a child who is 3 on arrival gets the childcare items, not the school ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from welkom.newcomers.models import Employment, PermitType, Tenure

BOOLEAN_FACTS = ("has_partner", "has_children", "stays_longer_than_4_months", "housing_by_employer")
CHOICE_FACTS: dict[str, tuple[str, ...] | None] = {
    "tenure": tuple(Tenure.values),
    "permit_type": tuple(PermitType.values),
    "municipality": None,  # any kebab-case gemeente slug
    "employment": tuple(Employment.values),
}
FACT_NAMES = (*BOOLEAN_FACTS, *CHOICE_FACTS, "child_aged")


class ConditionError(ValueError):
    """A malformed condition; ``path`` is the list of keys/indexes to the offending part."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Facts:
    """What conditions may look at. Built from a profile by :func:`facts_for`."""

    has_partner: bool = False
    stays_longer_than_4_months: bool = True
    tenure: str = Tenure.TEMPORARY
    permit_type: str = PermitType.KENNISMIGRANT
    municipality: str = ""
    employment: str = Employment.DIRECT
    housing_by_employer: bool = False
    child_ages: tuple[int, ...] = field(default_factory=tuple)

    @property
    def has_children(self) -> bool:
        return bool(self.child_ages)

    def value(self, name: str) -> Any:
        return getattr(self, name)


def reference_day(arrival_on: date | None, today: date) -> date:
    return arrival_on if arrival_on is not None and arrival_on > today else today


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _as_choices(value: Any, allowed: tuple[str, ...] | None, path: tuple[Any, ...]) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise ConditionError("expects a text value or a list of text values", path)
    if allowed is not None:
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ConditionError(f"unknown value(s) {unknown}; allowed: {', '.join(allowed)}", path)
    return tuple(values)


def check(condition: Any, path: tuple[Any, ...] = ()) -> None:
    """Raise :class:`ConditionError` if ``condition`` is not a valid condition."""
    if not isinstance(condition, dict) or not condition:
        raise ConditionError("a condition is a mapping such as {has_partner: true}", path)
    for key, value in condition.items():
        here = (*path, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f"'{key}' expects a non-empty list of conditions", here)
            for index, part in enumerate(value):
                check(part, (*here, index))
        elif key == "not":
            check(value, here)
        elif key in BOOLEAN_FACTS:
            if not isinstance(value, bool):
                raise ConditionError(f"'{key}' expects true or false", here)
        elif key in CHOICE_FACTS:
            _as_choices(value, CHOICE_FACTS[key], here)
        elif key == "child_aged":
            if (
                not isinstance(value, dict)
                or set(value) != {"from", "to"}
                or not all(isinstance(value[k], int) and not isinstance(value[k], bool) for k in value)
                or not 0 <= value["from"] <= value["to"] <= 30
            ):
                raise ConditionError("'child_aged' expects {from: age, to: age} with 0 <= from <= to", here)
        else:
            raise ConditionError(f"unknown fact '{key}'; known: {', '.join(FACT_NAMES)}", here)


def evaluate(condition: dict[str, Any] | None, facts: Facts) -> bool:
    """True when ``condition`` (already checked) holds for ``facts``. No condition: always applies."""
    if not condition:
        return True
    return all(_holds(key, value, facts) for key, value in condition.items())


def _holds(key: str, value: Any, facts: Facts) -> bool:
    if key == "all":
        return all(evaluate(part, facts) for part in value)
    if key == "any":
        return any(evaluate(part, facts) for part in value)
    if key == "not":
        return not evaluate(value, facts)
    if key in BOOLEAN_FACTS:
        return bool(facts.value(key)) is value
    if key in CHOICE_FACTS:
        return str(facts.value(key)) in (value if isinstance(value, list) else [value])
    if key == "child_aged":
        return any(value["from"] <= age <= value["to"] for age in facts.child_ages)
    raise ConditionError(f"unknown fact '{key}'")


def facts_used(condition: dict[str, Any] | None) -> set[str]:
    """Names of the facts a condition looks at (to explain why an item was retired)."""
    used: set[str] = set()
    for key, value in (condition or {}).items():
        if key in ("all", "any"):
            for part in value:
                used |= facts_used(part)
        elif key == "not":
            used |= facts_used(value)
        else:
            used.add(key)
    return used


def child_ages(birth_dates: Iterable[date], day: date) -> tuple[int, ...]:
    return tuple(sorted(age_on(born, day) for born in birth_dates))
