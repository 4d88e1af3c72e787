"""Small helpers for the apps' privacy modules: rows as JSON-ready dicts, and names in free text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Model, Q, QuerySet

from welkom.core.privacy_registry import ERASED_TEXT

if TYPE_CHECKING:
    from welkom.accounts.models import User


def rows(queryset: QuerySet[Any], *, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every stored column of every row (foreign keys as ``<name>_id``), minus ``exclude``
    (secrets such as token hashes). Dates stay dates: the export's JSON encoder writes them."""
    skipped = set(exclude)
    model: type[Model] = queryset.model
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in skipped and field.name not in skipped
    ]
    return list(queryset.values(*names))


def name_needles(user: User) -> list[str]:
    """What identifies the person in free text: full name, e-mail, and each part of the name
    (parts shorter than 3 letters would match too much)."""
    full_name = (getattr(user, "full_name", "") or "").strip()
    needles = [full_name, user.email]
    needles += [part for part in re.split(r"\s+", full_name) if len(part) >= 3]
    return [needle for needle in dict.fromkeys(needles) if needle]


def word_boundary() -> str:
    """A word boundary in the database's regular expressions: ``\\y`` in PostgreSQL's, ``\\b`` in
    Python's (Django gives SQLite a REGEXP function that runs Python's ``re``)."""
    return r"\y" if connection.vendor == "postgresql" else r"\b"


def mentions_of(user: User, *fields: str) -> Q:
    """Rows whose text ``fields`` contain one of the person's needles as a whole word (so "Ali" does
    not match "quality"), case-insensitively, on PostgreSQL and SQLite alike."""
    edge = word_boundary()
    condition = Q(pk__in=[])
    for needle in name_needles(user):
        for field in fields:
            condition |= Q(**{f"{field}__iregex": f"{edge}{re.escape(needle)}{edge}"})
    return condition


def scrub(text: str, user: User) -> str:
    """``text`` with the person's name and e-mail (whole words) replaced by the neutral placeholder."""
    for needle in sorted(name_needles(user), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(needle)}\b", ERASED_TEXT, text, flags=re.IGNORECASE)
    return text


def organisation_id_of(user: User) -> int:
    """The person's organisation id for lookups; someone outside any organisation (a platform
    superuser) holds no organisation data, so -1 matches nothing."""
    return user.organisation_id if user.organisation_id is not None else -1
