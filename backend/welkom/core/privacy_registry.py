"""Where every app declares the personal data it holds.

Each app that stores data about a person registers a :class:`DataSource` in its AppConfig.ready():

    register_source(DataSource(name="journeys", export=export_journeys, erase=erase_journeys))

* ``export(user) -> dict | PersonalData``: everything the app holds about ``user`` (and only them),
  as JSON-ready data; documents (uploaded files) go in ``PersonalData.documents``.
* ``erase(user) -> None``: remove that data. Rows other people still need (a chat message in a
  channel, a completed step counted in statistics) stay with their text replaced by
  :data:`ERASED_TEXT`; everything else is deleted. Runs inside the erasure transaction.

Apps that keep data for a limited time register a :class:`RetentionKind`; the organisation sets how
many days each kind is kept and a beat job calls ``purge(organisation_id, before)``.

It lives in ``core`` so that every app can register without importing ``welkom.privacy``, and
``welkom.privacy`` reads what was registered without importing the apps (no cycle between them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

ERASED_TEXT = "[removed]"


@dataclass(frozen=True)
class ExportDocument:
    """A file that belongs in the person's export, stored at ``name`` inside documents/."""

    name: str
    open: Callable[[], IO[bytes]]


@dataclass
class PersonalData:
    data: Any
    documents: list[ExportDocument] = field(default_factory=list)


@dataclass(frozen=True)
class DataSource:
    name: str
    export: Callable[[Any], dict[str, Any] | list[Any] | PersonalData]  # takes an accounts.User
    erase: Callable[[Any], None] | None = None
    # Lower runs first when erasing; accounts runs last because it anonymises the person itself.
    order: int = 100


@dataclass(frozen=True)
class RetentionKind:
    name: str
    description: str
    default_days: int
    purge: Callable[[int, datetime], int]


_sources: dict[str, DataSource] = {}
_retention: dict[str, RetentionKind] = {}


def register_source(source: DataSource) -> DataSource:
    _sources[source.name] = source
    return source


def register_retention(kind: RetentionKind) -> RetentionKind:
    _retention[kind.name] = kind
    return kind


def sources() -> list[DataSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def retention_kinds() -> list[RetentionKind]:
    return sorted(_retention.values(), key=lambda kind: kind.name)


def retention_kind(name: str) -> RetentionKind | None:
    return _retention.get(name)
