"""Answers cached under a fingerprint of the rows they show (content-addressed: nothing to bump).

An answer that is expensive to build and read far more often than what it shows changes (the
newcomer's timeline, today, upcoming items) is kept in Django's cache under a key made of:

- a **fingerprint**: one query that hashes, in the database, every row the answer is built from
  (``Rows``: a queryset and the columns to leave out, such as ``last_login``). PostgreSQL hashes
  with ``md5(string_agg(...))``, a part whose every column counts by its rows' versions (``id``,
  ``xmin``, ``ctid``: ``_part_sql``), the others by value; SQLite by value, with an aggregate
  registered on each connection (``connection_created``). Each value is written with its length
  and NULL as ``-``, so two different sets of rows never give the same text. Any write changes
  it, whoever makes it: a service, a bulk ``update()``, another app, the admin, SQL by hand;
- what else the answer depends on (``extra``: the reader's id, the settings it reads), the active
  language and the current time zone.

So a key names one answer; nothing has to be told when something changes, a web process can use
its own cache or share one, and a stale answer is never served: the next read's fingerprint
differs. What cannot be a row is the clock: ``build`` says until when its answer holds
(``valid_until``, e.g. the next moment a step turns late), and the answer is served only between
the moment it was built and then (``django.utils.timezone.now``, which tests set).

A miss builds the answer inside one read snapshot with the fingerprint it is stored under
(PostgreSQL: a REPEATABLE READ transaction; SQLite: a deferred read transaction), so what is stored
under a fingerprint is what those very rows give, even while others write. Called inside a
transaction already (tests; a caller's ``atomic``), PostgreSQL's snapshot is that of each
statement: the fingerprint is read again after the build and the answer kept only if it is the
same.

    def timeline_rows(plan_id: int, reader_id: int) -> list[Rows]:  # in the app's selectors
        plans = Plan.objects.filter(pk=plan_id)
        return [Rows(plans), Rows(PlanStep.objects.filter(plan__in=plans.values("pk"))),
                Rows(User.objects.filter(pk=reader_id), exclude=("last_login",)), ...]

    answer, built = cached_answer(
        "journeys.timeline",
        rows=timeline_rows,
        keys=(plan_id, reader.pk),  # ints, used by ``rows`` only as query values
        extra=(reader.pk,),
        build=lambda now: (data, valid_until) or None,  # None: nothing to answer or keep (not found)
    )

``rows`` is called once per process with stand-ins for ``keys``; its querysets are compiled into
one query (prepared once per connection on PostgreSQL, which needs each Django connection to be
one server session: no pooler in transaction mode between them), and each call passes its own
keys.
``build`` only reads (on SQLite it runs in a read transaction Django does not know of, so an
``atomic()`` inside it would fail). ``built`` is False when the answer was served from the
cache. ``rows`` must name every row the answer reads, at most a few hundred rows together (they
are hashed on every call); tests that change each one and expect a new answer are the proof
(tests/journeys/test_answer_cache.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone, translation

T = TypeVar("T")

# Bump when the shape of a cached answer changes (a release with other answers must not read
# the previous release's from a shared cache).
VERSION = "1"
# How long a cache keeps an entry (seconds): keys never come back once their rows change, so this
# only bounds what an unused key costs in the cache.
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Rows:
    """Rows an answer reads: every concrete column of ``queryset``'s model but ``exclude``."""

    queryset: QuerySet[Any]
    exclude: tuple[str, ...] = ()


def _columns(model: type[Model], exclude: tuple[str, ...]) -> list[str]:
    fields = [field for field in model._meta.concrete_fields if field.name not in exclude]
    missing = set(exclude) - {field.name for field in model._meta.concrete_fields}
    if missing:
        raise ValueError(f"{model.__name__} has no columns {sorted(missing)}")
    return [field.column for field in fields]


def _part_sql(rows: Rows) -> tuple[str, tuple[Any, ...]]:
    """A scalar subquery: the hash of ``rows`` (NULL when there are none). On PostgreSQL a part
    whose every column counts is hashed by its rows' ids and versions: ``xmin``, the transaction
    that wrote the row last, and ``ctid``, where that version lies (a second write in the same
    transaction keeps the ``xmin`` but makes a new version elsewhere). Any write gives a new pair,
    even of the same values, and the database reads no column, where writing out a plan's texts
    in every language took most of the query's time. A pair comes back only after some four
    billion transactions (the ``xmin`` wraps), far beyond an entry's TIMEOUT. Parts with columns
    left out (their writes that change only those must not count), and every part on SQLite, are
    hashed by value."""
    model = rows.queryset.model
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    if connection.vendor == "postgresql" and not rows.exclude:
        text = f"t.{pk}::text || '.' || t.xmin::text || '.' || t.ctid::text"
    else:
        text = " || ".join(
            f"COALESCE(LENGTH(CAST(t.{column} AS TEXT)) || ':' || CAST(t.{column} AS TEXT), '-')"
            for column in map(quote, _columns(model, rows.exclude))
        )
    which, params = rows.queryset.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        hashed = f"md5(string_agg({text}, '|' ORDER BY t.{pk}))"
    else:
        hashed = f"welkom_fingerprint(t.{pk}, {text})"
    # Names from the models' metadata, quoted; values only as parameters.
    return f"(SELECT {hashed} FROM {table} t WHERE t.{pk} IN ({which}))", tuple(params)  # noqa: S608


@dataclass(frozen=True)
class _Statement:
    """A fingerprint's query, compiled once per scope: its SQL and its parameters, where the ones
    that stand for the call's keys are replaced with them (``_SENTINELS``)."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[int | None, ...]  # per parameter: which key it is, or None (a constant)
    name: str  # PostgreSQL: the prepared statement's name


# Stand-ins for the keys while a scope's query is compiled: values no id ever has.
_SENTINELS = tuple(-7_346_000_001 - index for index in range(8))
_STATEMENTS: dict[tuple[str, Callable[..., Sequence[Rows]], str], _Statement] = {}


def _statement(scope: str, rows: Callable[..., Sequence[Rows]], arity: int) -> _Statement:
    """The fingerprint query of ``scope``: Django compiles the rows' querysets once per process
    (about 0.3 ms each), not on every call."""
    found = _STATEMENTS.get((scope, rows, connection.vendor))
    if found is not None:
        return found
    sentinels = _SENTINELS[:arity]
    sql: list[str] = []
    params: list[Any] = []
    for part in rows(*sentinels):
        part_sql, part_params = _part_sql(part)
        sql.append(part_sql)
        params.extend(part_params)
    slots = tuple(sentinels.index(value) if value in sentinels else None for value in params)
    missing = set(range(arity)) - set(slots)
    if missing:
        raise ValueError(f"{scope}: keys {sorted(missing)} are not parameters of its rows' queries")
    text = "SELECT " + ", ".join(sql)
    name = "welkom_answer_" + hashlib.sha256(text.encode()).hexdigest()[:20]
    found = _Statement(text, tuple(params), slots, name)
    _STATEMENTS[(scope, rows, connection.vendor)] = found
    return found


def fingerprint(scope: str, rows: Callable[..., Sequence[Rows]], keys: Sequence[int]) -> str:
    """The hash of every row ``rows(*keys)`` names, read in one query. On PostgreSQL the query is
    prepared once per connection, so it is not planned again on every call (planning its twenty
    subqueries took twice as long as running them)."""
    statement = _statement(scope, rows, len(keys))
    params = [
        value if slot is None else keys[slot]
        for value, slot in zip(statement.params, statement.slots, strict=True)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            prepared: set[str] = getattr(connection, "welkom_prepared", set())
            if statement.name not in prepared:
                numbered = _numbered(statement.sql)
                cursor.execute(f"PREPARE {statement.name} AS {numbered}")
                prepared.add(statement.name)
                connection.welkom_prepared = prepared  # type: ignore[attr-defined]
            placeholders = ", ".join(["%s"] * len(params))
            cursor.execute(f"EXECUTE {statement.name}({placeholders})", params)
        else:
            cursor.execute(statement.sql, params)
        hashes = cursor.fetchone()
    return hashlib.sha256("/".join(str(value) for value in hashes).encode()).hexdigest()


def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1``, ``$2``, … (``%%`` is a ``%``)."""
    pieces = sql.split("%%")
    number = 0
    out = []
    for piece in pieces:
        chunks = piece.split("%s")
        numbered = chunks[0]
        for chunk in chunks[1:]:
            number += 1
            numbered += f"${number}" + chunk
        out.append(numbered)
    return "%".join(out)


class _SQLiteFingerprint:
    """SQLite's aggregate ``welkom_fingerprint(id, text)``: the md5 of the texts in id order."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, str]] = []

    def step(self, key: Any, text: str) -> None:
        self.rows.append((key, text))

    def finalize(self) -> str | None:
        if not self.rows:
            return None
        self.rows.sort(key=lambda row: row[0])
        text = "|".join(text for _key, text in self.rows)
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: a new connection has no prepared fingerprint query yet;
    on SQLite it gets the fingerprint's aggregate."""
    connection.welkom_prepared = set()
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("welkom_fingerprint", 2, _SQLiteFingerprint)


@contextmanager
def _read_snapshot() -> Iterator[bool]:
    """One snapshot for the reads inside; yields False when the caller's transaction decides
    (PostgreSQL inside ``atomic``: each statement its own snapshot)."""
    if connection.in_atomic_block or not connection.get_autocommit():
        yield connection.vendor == "sqlite"  # SQLite: a transaction reads one snapshot
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield True
        return
    # SQLite: a deferred read transaction (Django's atomic() would take the write lock: IMMEDIATE).
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield True
    finally:
        if connection.connection.in_transaction:  # a failed statement may have ended it
            connection.connection.commit()


def _key(scope: str, print_: str, extra: Sequence[object]) -> str:
    """The cache key: the scope, the rows' fingerprint, ``extra``, the language and time zone."""
    context = (VERSION, translation.get_language() or "", timezone.get_current_timezone_name(), *extra)
    digest = hashlib.sha256(repr((print_, context)).encode()).hexdigest()
    return f"answer:{scope}:{digest}"


def cached_answer(
    scope: str,
    *,
    rows: Callable[..., Sequence[Rows]],
    keys: Sequence[int],
    extra: Sequence[object],
    build: Callable[[datetime], tuple[T, datetime | None] | None],
) -> tuple[T | None, bool]:
    """The answer for these rows, from the cache or built (``build(now)``, which returns the answer
    and the moment it stops holding, None for never; or None: nothing to answer or keep).
    Returns the answer (None when ``build`` gave none) and whether it was built now."""
    now = timezone.now()
    key = _key(scope, fingerprint(scope, rows, keys), extra)
    kept = cache.get(key)
    if kept is not None:
        built_at, valid_until, answer = kept
        if built_at <= now and (valid_until is None or now < valid_until):
            return answer, False
    with _read_snapshot() as snapshot:
        key = _key(scope, fingerprint(scope, rows, keys), extra)
        built = build(now)
        if built is not None and not snapshot and _key(scope, fingerprint(scope, rows, keys), extra) != key:
            return built[0], True  # rows changed while it was built: answer it, keep nothing
    if built is None:
        return None, True
    answer, valid_until = built
    cache.set(key, (now, valid_until, answer), TIMEOUT)
    return answer, True
