"""PostgreSQL for the test suite: Django's own backend, with a faster way to empty the database.

A test that commits (``transactional_db``, a live server, a real worker) ends with a flush of every
table. Django's flush is one ``TRUNCATE`` of all ~90 tables, which costs about half a second on
PostgreSQL whatever they hold (each table gets new files), and some 400 tests end that way. A test
writes to a handful of tables, so this flush deletes row by row instead, which costs next to nothing
for an empty table: foreign keys are deferred (Django makes them so), and every table is empty when
the flush commits. A table with a trigger of its own (the audit log refuses ``DELETE``) is truncated.
Content types and permissions stay: migrations made them, and after a flush Django's post-migrate
step would only make the same rows again (a few hundred inserts per test).
Only the test settings use this backend; everything else is Django's ``postgresql`` backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.postgresql import base, operations

KEPT = {"django_content_type", "auth_permission"}


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Sequence[str], *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        if not tables or reset_sequences:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        emptied = [table for table in tables if table not in KEPT]
        names = ", ".join("'" + table.replace("'", "''") + "'" for table in emptied)
        # The names are Django's own tables (from introspection), each quoted as an SQL literal.
        return [
            f"""DO $flush$
DECLARE name text;
BEGIN
  SET CONSTRAINTS ALL DEFERRED;
  FOREACH name IN ARRAY ARRAY[{names}]::text[] LOOP
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = quote_ident(name)::regclass AND NOT tgisinternal) THEN
      EXECUTE format('TRUNCATE %I', name);
    ELSE
      EXECUTE format('DELETE FROM %I', name);
    END IF;
  END LOOP;
END $flush$;"""  # noqa: S608
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
