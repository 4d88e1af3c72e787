"""Bulk inserts on PostgreSQL send each column as an array literal; Welkom escapes those in C
(welkom/core/postgresql.py). The literal must be byte for byte psycopg's own, and what goes in comes
back out, whatever quotes and backslashes the texts hold."""

from __future__ import annotations

import pytest
from django.db import connection
from psycopg import ClientCursor
from psycopg.types.array import ListDumper

from tests.conftest import on_sqlite
from welkom.core.postgresql import FastListDumper, applies
from welkom.terms.models import Term

TEXTS = [
    'say "hi"',
    "back\\slash",
    '\\"both\\"',
    '"',
    "\\",
    "",
    "NULL",
    "null",
    "{braces}, commas; and spaces",
    "line\nbreak\ttab",
    "ünïcödé \u201cquotes\u201d \u2018single\u2019 日本語",
    '<a href="https://example.org" rel="noopener noreferrer" target="_blank">x</a>',
    '{"json": "with \\"escaped\\" quotes", "list": [1, "two"]}',
]


@pytest.mark.django_db
@pytest.mark.postgresql_only(reason="the dumper is psycopg's, and only the PostgreSQL backend uses psycopg")
def test_arrays_are_written_byte_for_byte_as_psycopg_writes_them():
    assert applies()
    connection.ensure_connection()
    values = [TEXTS, [None, *TEXTS, None], [[text, text] for text in TEXTS], [], [None]]
    for value in values:
        ours = ClientCursor(connection.connection)
        theirs = ClientCursor(connection.connection)
        theirs.adapters.register_dumper(list, ListDumper)
        assert ours.adapters.get_dumper(list, "t") is FastListDumper
        assert ours.mogrify("SELECT %s", [value]) == theirs.mogrify("SELECT %s", [value])


@pytest.mark.django_db
def test_texts_with_quotes_and_backslashes_survive_a_bulk_insert():
    Term.objects.bulk_create(
        Term(key=f"term-{number}", term=text or "-", explanation={"en": text, "nl": text}, order=number)
        for number, text in enumerate(TEXTS)
    )
    stored = {term.key: term for term in Term.objects.all()}
    for number, text in enumerate(TEXTS):
        assert stored[f"term-{number}"].term == (text or "-")
        assert stored[f"term-{number}"].explanation == {"en": text, "nl": text}
    if not on_sqlite():
        assert connection.connection.adapters.get_dumper(list, "t") is FastListDumper
