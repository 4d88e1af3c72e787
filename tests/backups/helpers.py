"""What the backup tests compare: every row of every table, every stored file's checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.db import connection


def all_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a stable order, read through the database's own catalogue."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def file_checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe_database() -> None:
    """Leave the test database with no tables at all, like a new one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
    else:
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for path in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            path.unlink(missing_ok=True)
    assert connection.introspection.table_names() == []


def schema_back() -> None:
    """After a failed drill: the tables again, so the tests after it still run."""
    from django.core.management import call_command

    connection.close()
    if not connection.introspection.table_names():
        call_command("migrate", interactive=False, verbosity=0)
