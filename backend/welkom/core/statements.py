"""Read queries Django compiles once per process, for the few reads on every request's path.

Building a query's SQL is most of what a simple ORM read costs in Python (about 0.3-0.5 ms of a
0.4-0.6 ms ``get()`` on the bench host, see bench/README.md), and a hot endpoint that reads three
small things pays it three times on every call. A ``Statement`` is written as an ordinary queryset
of ``values_list()``, built with stand-in keys; Django compiles it on its first call in a process
(per database vendor), and each call runs that SQL with its own keys and converts the columns as
Django would (dates and booleans on SQLite, for example):

    _DEVICE = Statement(
        "security.confirmed_device",
        lambda user_id: TOTPDevice.objects.filter(user_id=user_id, confirmed=True).values_list("pk")[:1],
    )
    _DEVICE.first(user.pk)  # (7,) or None

Keys are ints or strs and must reach the SQL unchanged, as parameters (an exact lookup, ``__in`` of
a list of them); a key that does not is refused when the statement is compiled. An int key beyond a
64-bit integer (an id in a URL or a request body can be any size) matches no row: the statement
gives no rows without asking the database, where SQLite would refuse the number. Only reads: the
queryset must give rows (``values_list``), not model instances.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Key = int | str

# The integers a database column can hold (a 64-bit signed integer): a key outside matches nothing.
INT_RANGE = range(-(2**63), 2**63)

# Stand-ins for the keys while a statement is compiled: values no id or name ever has.
INT_SENTINELS = tuple(-7_346_000_001 - index for index in range(8))
STR_SENTINELS = tuple(f"\x00welkom-key-{index}\x00" for index in range(8))


@dataclass(frozen=True)
class Compiled:
    """A statement's SQL and parameters, with where each call's keys go (``slots``: per parameter,
    the key's position or None for a constant) and the columns it selects."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[int | None, ...]
    columns: tuple[Any, ...]  # the selected expressions, for their converters

    def bind(self, keys: Sequence[Key]) -> list[Any]:
        return [
            value if slot is None else keys[slot] for value, slot in zip(self.params, self.slots, strict=True)
        ]


def slots_of(params: Sequence[Any], sentinels: Sequence[Key], scope: str) -> tuple[int | None, ...]:
    """Per parameter, which key it stands for (None: a constant); every key must be one."""
    slots = tuple(sentinels.index(value) if value in sentinels else None for value in params)
    missing = set(range(len(sentinels))) - set(slots)
    if missing:
        raise ValueError(f"{scope}: keys {sorted(missing)} are not parameters of its query")
    return slots


class Statement:
    """``query(*keys)``'s rows, its SQL compiled once per process and database vendor. ``kinds``
    says each key's type (int by default)."""

    def __init__(
        self, scope: str, query: Callable[..., QuerySet[Any]], kinds: Sequence[type] = (int,)
    ) -> None:
        self.scope = scope
        self.query = query
        self.kinds = tuple(kinds)
        self._compiled: dict[str, Compiled] = {}
        # Per connection (one a thread): its converters for each column that has any.
        self._converters: weakref.WeakKeyDictionary[Any, list[tuple[int, list[Any], Any]]] = (
            weakref.WeakKeyDictionary()
        )

    def _compile(self) -> Compiled:
        ints, strs = iter(INT_SENTINELS), iter(STR_SENTINELS)
        sentinels = [next(ints) if kind is int else next(strs) for kind in self.kinds]
        compiler = self.query(*sentinels).query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        columns = tuple(column for column, _sql, _alias in compiler.select[: compiler.col_count])
        return Compiled(sql, tuple(params), slots_of(params, sentinels, self.scope), columns)

    def rows(self, *keys: Key) -> list[tuple[Any, ...]]:
        if len(keys) != len(self.kinds):
            raise TypeError(f"{self.scope} takes {len(self.kinds)} keys, not {len(keys)}")
        if any(type(key) is int and key not in INT_RANGE for key in keys):
            return []  # no row has such a key (and SQLite cannot even be asked)
        # This thread's connection (``connection`` stands for it, looked up on every use).
        wrapper = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(wrapper.vendor)
        if compiled is None:
            compiled = self._compiled[wrapper.vendor] = self._compile()
        with wrapper.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.bind(keys))
            fetched = cursor.fetchall()
        # Each column's converters, from this thread's connection (as Django's own reads do), found
        # once per connection: asking every column for them cost as much as the rest of a call.
        converters = self._converters.get(wrapper)
        if converters is None:
            converters = self._converters[wrapper] = [
                (position, functions, column)
                for position, column in enumerate(compiled.columns)
                if (functions := wrapper.ops.get_db_converters(column) + column.get_db_converters(wrapper))
            ]
        if not converters:
            return [tuple(row) for row in fetched]
        out = []
        for row in fetched:
            values = list(row)
            for position, functions, column in converters:
                for function in functions:
                    values[position] = function(values[position], column, wrapper)
            out.append(tuple(values))
        return out

    def first(self, *keys: Key) -> tuple[Any, ...] | None:
        found = self.rows(*keys)
        return found[0] if found else None
