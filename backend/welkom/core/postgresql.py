r"""psycopg's text dumper of lists, without a Python call for every quote it escapes.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as one array (``INSERT ... SELECT *
FROM UNNEST(%s::jsonb[], ...)``), and Django binds parameters on the client, so psycopg writes the
array literal in Python. It escapes every ``"`` and ``\`` of every element with
``re.sub(rb'(["\\])', rb"\\\1", ...)``; before Python 3.12 a replacement template calls back into
Python for each match. Rendered HTML and JSON are full of quotes: a content sync's few inserts spent
more time there than in everything else they do. This dumper escapes the same two characters
with ``bytes.replace`` (backslashes first, so the ones it adds are not doubled): the same bytes, in
C. It is registered on every PostgreSQL connection (``CoreConfig.ready``), and only while psycopg's
own dumper escapes with that very expression; otherwise psycopg's is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

from psycopg.types.array import ListDumper

_ESCAPED = re.compile(rb'(["\\])')
_TEMPLATE = rb"\\\1"


class _QuotesAndBackslashes:
    """Stands in for the compiled expression psycopg's ``ListDumper`` escapes elements with."""

    pattern = _ESCAPED.pattern

    def sub(self, repl: Any, string: Any) -> Any:
        if repl != _TEMPLATE:  # not the escaping this was written for: do what psycopg asked
            return _ESCAPED.sub(repl, string)
        return bytes(string).replace(b"\\", b"\\\\").replace(b'"', b'\\"')


class FastListDumper(ListDumper):
    _re_esc = _QuotesAndBackslashes()  # type: ignore[assignment]


def applies() -> bool:
    """True while psycopg's list dumper escapes as this module expects."""
    escape = getattr(ListDumper, "_re_esc", None)
    return isinstance(escape, re.Pattern) and escape.pattern == _ESCAPED.pattern


def connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: the faster dumper on each new PostgreSQL connection."""
    if connection.vendor == "postgresql" and applies():
        connection.connection.adapters.register_dumper(list, FastListDumper)
