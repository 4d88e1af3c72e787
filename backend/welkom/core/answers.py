"""Answers cached under a fingerprint of the rows they show (content-addressed: nothing to bump).

An answer that is expensive to build and read far more often than what it shows changes (the
newcomer's timeline, today, upcoming items) is kept in Django's cache under a key made of:

- a **fingerprint**: one query that hashes, in the database, every row the answer is built from
  (``Rows``: a queryset and the columns to leave out, such as ``last_login``). Parts of one model
  that leave out the same columns are read together (``_group_sql``); each row gives its part, id
  and a text, and PostgreSQL hashes them all with ``md5(string_agg(...))`` (SQLite with an
  aggregate registered on each connection, ``connection_created``). The text is the row's version
  (``xmin``, ``ctid``) where every column counts, else its values, written so that two different
  sets of rows never give the same text. Any write changes it, whoever makes it: a service, a bulk
  ``update()``, another app, the admin, SQL by hand;
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
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from welkom.core.statements import INT_SENTINELS, Compiled, slots_of

T = TypeVar("T")

# Bump when the shape of a cached answer changes (a release with other answers must not read
# the previous release's from a shared cache).
VERSION = "1"
# How long a cache keeps an entry (seconds): keys never come back once their rows change, so this
# only bounds what an unused key costs in the cache.
TIMEOUT = 24 * 3600


class Anchor(RawSQL):
    """Values the rows of an answer are found by (a plan's id, its team's), read once per
    fingerprint query: ``anchor(queryset)`` in a rows function. Used as ``pk__in=anchor``, where
    a subquery would be, it reads a named ``WITH`` part of the query instead of repeating the
    subquery in every part that needs it (PostgreSQL planned and ran a plan's chain of
    plan, profile and team once per part: four fifths of the fingerprint's cost)."""


Ids = QuerySet[Any] | Anchor  # a subquery of ids, or an anchor: what ``__in`` takes
_ANCHORS: ContextVar[list[tuple[str, str, tuple[Any, ...]]] | None] = ContextVar(
    "welkom_anchors", default=None
)


def anchor(queryset: QuerySet[Any]) -> Anchor:
    """The values of ``queryset`` (one column, e.g. ``.values("team_id")``) as an anchor of the
    fingerprint query being compiled; only inside a rows function."""
    anchors = _ANCHORS.get()
    if anchors is None:
        raise RuntimeError("anchor() is for the rows function of a cached answer, while it is compiled")
    sql, params = queryset.order_by().query.sql_with_params()
    name = f"anchor{len(anchors)}"
    anchors.append((name, sql, tuple(params)))
    return Anchor(f"SELECT anchored FROM {name}", (), output_field=queryset.query.output_field)  # noqa: S608


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


def _group_sql(group: Sequence[Rows], number: int) -> tuple[str, tuple[Any, ...]]:
    """One select of the rows of ``group`` (parts of one model with the same columns left out,
    merged: each table is read once, a row named by two parts once), as (part number, id, text).
    On PostgreSQL a group whose every column counts gives each row's id and version: ``xmin``, the
    transaction that wrote the row last, and ``ctid``, where that version lies (a second write in
    the same transaction keeps the ``xmin`` but makes a new version elsewhere). Any write gives a
    new pair, even of the same values, and the database reads no column, where writing out a plan's
    texts in every language took most of the query's time. A pair comes back only after some four
    billion transactions (the ``xmin`` wraps), far beyond an entry's TIMEOUT. Groups with columns
    left out (their writes that change only those must not count), and every group on SQLite, give
    the values: PostgreSQL's row text (``ROW(...)::text``, which quotes what needs it and writes
    NULL as nothing, so two rows give one text only if their values are equal), on SQLite each
    value with its length and NULL as ``-``."""
    model = group[0].queryset.model
    exclude = group[0].exclude
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [f"t.{quote(column)}" for column in _columns(model, exclude)]
    if connection.vendor == "postgresql" and not exclude:
        text = f"t.{pk}::text || '.' || t.xmin::text || '.' || t.ctid::text"
    elif connection.vendor == "postgresql":
        text = f"ROW({', '.join(columns)})::text"
    else:
        text = " || ".join(
            f"COALESCE(LENGTH(CAST({column} AS TEXT)) || ':' || CAST({column} AS TEXT), '-')"
            for column in columns
        )
    conditions: list[str] = []
    params: list[Any] = []
    for part in group:
        which, which_params = part.queryset.order_by().values("pk").query.sql_with_params()
        conditions.append(f"t.{pk} IN ({which})")
        params.extend(which_params)
    # Names from the models' metadata, quoted; values only as parameters.
    sql = (
        f"SELECT {number} AS part, CAST(t.{pk} AS TEXT) AS id, {text} AS text"  # noqa: S608
        f" FROM {table} t WHERE {' OR '.join(conditions)}"
    )
    return sql, tuple(params)


@dataclass(frozen=True)
class _Statement:
    """A fingerprint's query, compiled once per scope: its SQL with Django's placeholders and
    where each call's keys go (``compiled``), and for PostgreSQL the same SQL numbered so that each
    key is one parameter however often it is used (``numbered``: keys first, then the constants)."""

    compiled: Compiled
    numbered: str
    constants: tuple[Any, ...]
    name: str  # PostgreSQL: the prepared statement's name


_STATEMENTS: dict[tuple[str, Callable[..., Sequence[Rows]], str], _Statement] = {}


def _statement(scope: str, rows: Callable[..., Sequence[Rows]], arity: int) -> _Statement:
    """The fingerprint query of ``scope``: Django compiles the rows' querysets once per process
    (about 0.3 ms each), not on every call."""
    found = _STATEMENTS.get((scope, rows, connection.vendor))
    if found is not None:
        return found
    sentinels = INT_SENTINELS[:arity]
    anchors: list[tuple[str, str, tuple[Any, ...]]] = []
    token = _ANCHORS.set(anchors)
    try:
        parts = rows(*sentinels)
    finally:
        _ANCHORS.reset(token)
    groups: dict[tuple[type[Model], tuple[str, ...]], list[Rows]] = {}
    for part in parts:
        groups.setdefault((part.queryset.model, part.exclude), []).append(part)
    sql: list[str] = []
    params: list[Any] = [value for _name, _sql, anchor_params in anchors for value in anchor_params]
    for number, group in enumerate(groups.values()):
        group_sql, group_params = _group_sql(group, number)
        sql.append(group_sql)
        params.extend(group_params)
    if connection.vendor == "postgresql":
        hashed = "md5(string_agg(part::text || '/' || id || '=' || text, '|' ORDER BY part, id))"
    else:
        hashed = "welkom_fingerprint(part, id, text)"
    text = f"SELECT {hashed} FROM ({' UNION ALL '.join(sql)}) shown"  # noqa: S608
    if anchors:
        named = ", ".join(
            f"{name}(anchored) AS MATERIALIZED ({anchor_sql})" for name, anchor_sql, _params in anchors
        )
        text = f"WITH {named} {text}"
    slots = slots_of(params, sentinels, scope)
    constants = tuple(value for value, slot in zip(params, slots, strict=True) if slot is None)
    numbers, constant = [], arity
    for slot in slots:
        if slot is None:
            constant += 1
        numbers.append(constant if slot is None else slot + 1)
    numbered = _numbered(text, numbers)
    name = "welkom_answer_" + hashlib.sha256(numbered.encode()).hexdigest()[:20]
    found = _Statement(Compiled(text, tuple(params), slots, ()), numbered, constants, name)
    _STATEMENTS[(scope, rows, connection.vendor)] = found
    return found


def fingerprint(scope: str, rows: Callable[..., Sequence[Rows]], keys: Sequence[int]) -> str:
    """The hash of every row ``rows(*keys)`` names, read in one query. On PostgreSQL the query is
    prepared once per connection, so it is not planned again on every call (planning its twenty
    subqueries took twice as long as running them)."""
    statement = _statement(scope, rows, len(keys))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            prepared: set[str] = getattr(connection, "welkom_prepared", set())
            if statement.name not in prepared:
                cursor.execute(f"PREPARE {statement.name} AS {statement.numbered}")
                prepared.add(statement.name)
                connection.welkom_prepared = prepared  # type: ignore[attr-defined]
            params = [*keys, *statement.constants]
            placeholders = ", ".join(["%s"] * len(params))
            cursor.execute(f"EXECUTE {statement.name}({placeholders})", params)
        else:
            cursor.execute(statement.compiled.sql, statement.compiled.bind(keys))
        hashes = cursor.fetchone()
    return hashlib.sha256("/".join(str(value) for value in hashes).encode()).hexdigest()


def _numbered(sql: str, numbers: Sequence[int]) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$n``, the n-th taken from ``numbers`` (``%%``
    is a ``%``)."""
    pieces = sql.split("%%")
    taken = iter(numbers)
    out = []
    for piece in pieces:
        chunks = piece.split("%s")
        numbered = chunks[0]
        for chunk in chunks[1:]:
            numbered += f"${next(taken)}" + chunk
        out.append(numbered)
    return "%".join(out)


class _SQLiteFingerprint:
    """SQLite's aggregate ``welkom_fingerprint(part, id, text)``: the md5 of the rows in order of
    part and id."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, Any, str]] = []

    def step(self, part: int, key: Any, text: str) -> None:
        self.rows.append((part, key, text))

    def finalize(self) -> str | None:
        if not self.rows:
            return None
        self.rows.sort(key=lambda row: (row[0], row[1]))
        text = "|".join(f"{part}/{key}={text}" for part, key, text in self.rows)
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: a new connection has no prepared fingerprint query yet;
    on SQLite it gets the fingerprint's aggregate."""
    connection.welkom_prepared = set()
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("welkom_fingerprint", 3, _SQLiteFingerprint)


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
