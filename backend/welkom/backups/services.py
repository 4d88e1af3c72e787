"""Backups that restore (docs/operations.md).

One archive (a tar file, optionally encrypted) holds everything an instance needs back:

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite's online
  backup, safe while the app runs);
- ``files/<model field>/<name>``: every file a row points at (checklist documents, data exports),
  read through the field's own storage, so a configured object store works the same;
- ``manifest.json``: Welkom's version, the applied migrations, the time, the rows per table, each
  file's SHA-256 and the installed language packages with their checksums.

The rows counted, the files listed and the dump all come from one moment: on PostgreSQL one
``REPEATABLE READ`` transaction exports its snapshot to ``pg_dump --snapshot``; on SQLite everything
is read from the backup copy. An archive is written under a temporary name and renamed when it is
complete, so a failed backup never leaves an archive that looks whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from welkom.backups.crypto import MAGIC, ArchiveKeyError, EncryptingWriter, decrypt_to

logger = logging.getLogger(__name__)

FORMAT = 1
ARCHIVE_NAME = re.compile(r"^welkom-(?P<stamp>\d{8}T\d{6}Z)\.tar(?P<enc>\.enc)?$")
PARTIAL_SUFFIX = ".partial"
# Tables that `migrate` fills on any new instance: rows there do not make a target "in use".
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on, with a sentence for the operator."""


@dataclass(frozen=True)
class FileRef:
    field: str  # app_label.Model.field
    name: str


@dataclass(frozen=True)
class Inventory:
    tables: dict[str, int]
    files: list[FileRef]
    migrations: list[str]


# --- Reading one consistent moment -------------------------------------------------------------


def _file_fields() -> Iterator[tuple[str, models.Model, models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", model, field  # type: ignore[misc]


def _storage_for(key: str) -> Storage:
    label, _, field_name = key.rpartition(".")
    model = apps.get_model(label)
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.FileField)
    return field.storage


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _inventory(cursor: Any, tables: list[str]) -> Inventory:
    """Rows per table, the files rows point at, and the applied migrations, read with ``cursor``
    (a DB-API cursor on the snapshot: Django's inside the transaction, or sqlite3's on the copy)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = int(cursor.fetchone()[0])
    files: list[FileRef] = []
    for key, model, field in _file_fields():
        table, column = model._meta.db_table, field.column
        if table not in counts:
            continue
        quoted = _quote(column)
        cursor.execute(
            f"SELECT DISTINCT {quoted} FROM {_quote(table)}"  # noqa: S608 (names from the models)
            f" WHERE {quoted} IS NOT NULL AND {quoted} <> '' ORDER BY 1"
        )
        files.extend(FileRef(key, row[0]) for row in cursor.fetchall())
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return Inventory(counts, files, migrations)


def _pg_environment() -> dict[str, str]:
    database = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(database["OPTIONS"]["sslmode"])
    return environment


def _run(command: list[str], **kwargs: Any) -> None:
    finished = subprocess.run(  # noqa: S603 (pg_dump and pg_restore with arguments of ours)
        command, capture_output=True, text=True, env=_pg_environment(), check=False, **kwargs
    )
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()[-2000:]}")


def _dump_database(work: Path) -> tuple[Path, Inventory]:
    if connection.in_atomic_block:
        raise BackupError("A backup runs outside any transaction (it opens its own snapshot).")
    if connection.vendor == "postgresql":
        target = work / "database.dump"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            inventory = _inventory(cursor, connection.introspection.table_names(cursor))
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
        return target, inventory
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # SQLite's online backup: a consistent copy
            names = copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            inventory = _inventory(copy.cursor(), [row[0] for row in names.fetchall()])
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
        finally:
            copy.close()
        return target, inventory
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _language_packages() -> list[dict[str, str]]:
    from welkom.translation.packages import installed_packages

    return [
        {"pair": package.pair, "version": package.package_version, "checksum": package.checksum}
        for package in installed_packages()
    ]


def welkom_version() -> str:
    try:
        return metadata.version("welkom")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout without pip install
        return "unknown"


# --- Writing the archive -----------------------------------------------------------------------


class _HashingReader:
    """Reads a file for tarfile and keeps its SHA-256 and length."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self.digest = hashlib.sha256()
        self.length = 0

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.digest.update(data)
        self.length += len(data)
        return data


def backup_folder() -> Path:
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stale_partials_remove(folder: Path) -> None:
    for leftover in folder.glob(f"welkom-*{PARTIAL_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def backup_create(*, folder: Path | None = None, key: str | None = None, now: datetime | None = None) -> Path:
    """Write one archive of this instance into ``folder`` (``WELKOM_BACKUP_DIR``) and return its path.

    ``key`` (a Fernet key; ``WELKOM_BACKUP_KEY`` by default) encrypts the archive; an empty key
    writes it in the clear. ``now`` names the archive (and is the time in its manifest)."""
    folder = folder or backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    key = settings.BACKUP_KEY if key is None else key
    now = now or timezone.now()
    _stale_partials_remove(folder)
    final = folder / f"welkom-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar{'.enc' if key else ''}"
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    with tempfile.TemporaryDirectory(prefix="welkom-backup-") as work_dir:
        dump, inventory = _dump_database(Path(work_dir))
        try:
            with open(partial, "wb") as raw:
                stream: BinaryIO = EncryptingWriter(raw, key) if key else raw  # type: ignore[assignment]
                with tarfile.open(fileobj=stream, mode="w|") as tar:
                    tar.add(dump, arcname=dump.name)
                    files, missing = _add_files(tar, inventory.files)
                    manifest = {
                        "format": FORMAT,
                        "welkom_version": welkom_version(),
                        "created_at": now.astimezone(UTC).isoformat(),
                        "engine": connection.vendor,
                        "database": dump.name,
                        "migrations": inventory.migrations,
                        "tables": inventory.tables,
                        "files": files,
                        "missing_files": missing,
                        "language_packages": _language_packages(),
                    }
                    _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
                if stream is not raw:
                    stream.close()
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    logger.info(
        "backup written",
        extra={"event": "backup.created", "archive": final.name, "bytes": final.stat().st_size},
    )
    return final


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at : end], min(end, len(self._data))
        return chunk


def _add_files(
    tar: tarfile.TarFile, refs: list[FileRef]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Every file a row points at, with its checksum. A file deleted since the snapshot (its row is
    gone now too) is listed as missing rather than failing the backup; any other error fails it."""
    files, missing = [], []
    for ref in refs:
        storage = _storage_for(ref.field)
        try:
            size = storage.size(ref.name)
            handle = storage.open(ref.name, "rb")
        except FileNotFoundError:
            missing.append({"field": ref.field, "name": ref.name})
            continue
        with handle:
            info = tarfile.TarInfo(f"files/{ref.field}/{ref.name}")
            info.size = size
            reader = _HashingReader(handle)
            tar.addfile(info, reader)
        if reader.length != size:
            raise BackupError(f"The file {ref.name} changed while it was being copied.")
        files.append(
            {"field": ref.field, "name": ref.name, "size": size, "sha256": reader.digest.hexdigest()}
        )
    return files, missing


# --- Keeping N daily and M weekly --------------------------------------------------------------


def archives(folder: Path | None = None) -> list[tuple[datetime, Path]]:
    """The complete archives in ``folder``, oldest first, with the moment in their name."""
    folder = folder or backup_folder()
    found = []
    for path in folder.iterdir() if folder.exists() else []:
        match = ARCHIVE_NAME.match(path.name)
        if match:
            found.append((datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC), path))
    return sorted(found)


def backups_prune(*, folder: Path | None = None, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete archives beyond the newest of each of the last ``keep_daily`` days and the newest of
    each of the last ``keep_weekly`` ISO weeks that have one. Returns what was deleted."""
    found = archives(folder)
    keep: set[Path] = set()
    for width, count in (("day", keep_daily), ("week", keep_weekly)):
        newest_per_period: dict[tuple[int, int], Path] = {}
        for moment, path in found:  # oldest first, so the newest of a period wins
            year, week, _ = moment.isocalendar()
            period = (moment.toordinal(), 0) if width == "day" else (year, week)
            newest_per_period[period] = path
        periods = sorted(newest_per_period, reverse=True)[: max(count, 0)]
        keep.update(newest_per_period[p] for p in periods)
    if found:
        keep.add(found[-1][1])  # never delete the newest archive
    deleted = [path for _, path in found if path not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


# --- Restoring ---------------------------------------------------------------------------------


def _open_archive(archive: Path, key: str, work: Path) -> Path:
    """The plain tar file of ``archive`` (decrypted into ``work`` when it is encrypted)."""
    with open(archive, "rb") as source:
        encrypted = source.read(len(MAGIC)) == MAGIC
        if not encrypted:
            return archive
        if not key:
            raise BackupError("This archive is encrypted: give its key (WELKOM_BACKUP_KEY or --key-file).")
        source.seek(0)
        plain = work / "archive.tar"
        with open(plain, "wb") as target:
            try:
                decrypt_to(source, target, key)
            except ArchiveKeyError as error:
                raise BackupError(str(error)) from error
        return plain


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def tables_in_use() -> dict[str, int]:
    """Tables of this instance that hold rows beyond what ``migrate`` puts in a new one."""
    in_use = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (from the catalogue)
            count = int(cursor.fetchone()[0])
            if count:
                in_use[table] = count
    return in_use


def _check(manifest: dict[str, Any], *, replace: bool) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This archive has format {manifest.get('format')!r}; this Welkom reads {FORMAT}.")
    unknown = sorted(set(manifest["migrations"]) - _known_migrations())
    if unknown:
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise BackupError(
            f"This archive comes from a newer Welkom ({manifest['welkom_version']}): its database has "
            f"migrations this version ({welkom_version()}) does not know: {shown}. "
            "Restore it with that version or a newer one."
        )
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This archive holds a {manifest['engine']} database; this instance uses {connection.vendor}."
        )
    in_use = tables_in_use()
    if in_use and not replace:
        shown = ", ".join(f"{table} ({count})" for table, count in sorted(in_use.items())[:5])
        raise BackupError(
            f"The target is not empty: {len(in_use)} tables hold rows, e.g. {shown}. Restore into an "
            "empty database, or pass --replace to replace everything in it with the archive."
        )


def _checked_files(manifest: dict[str, Any], root: Path) -> list[tuple[dict[str, Any], Path]]:
    checked = []
    for entry in manifest["files"]:
        path = root / "files" / entry["field"] / entry["name"]
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"The archive's copy of {entry['name']} is damaged (checksum differs).")
        checked.append((entry, path))
    return checked


def _load_database(manifest: dict[str, Any], root: Path) -> None:
    dump = root / manifest["database"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ]
        )
    else:
        connection.close()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            source.close()
            target.close()


def _restore_files(checked: list[tuple[dict[str, Any], Path]]) -> None:
    for entry, path in checked:
        storage = _storage_for(entry["field"])
        if storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with open(path, "rb") as handle:
            saved = storage.save(entry["name"], File(handle))
        if saved != entry["name"]:
            raise BackupError(f"The storage kept {entry['name']} as {saved}.")


def backup_restore(*, archive: Path, key: str | None = None, replace: bool = False) -> dict[str, Any]:
    """Restore ``archive`` into this instance, then bring its schema up to date (``migrate``).

    Refuses, before changing anything, an archive of a newer schema or of the other database
    engine, a damaged archive, and a target that already holds data unless ``replace``. Checks that
    every table holds the rows the manifest counted. Returns the manifest."""
    key = settings.BACKUP_KEY if key is None else key
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    with tempfile.TemporaryDirectory(prefix="welkom-restore-") as work_dir:
        work = Path(work_dir)
        plain = _open_archive(archive, key, work)
        root = work / "archive"
        try:
            with tarfile.open(plain, "r:") as tar:
                tar.extractall(root, filter="data")
            manifest = json.loads((root / "manifest.json").read_text())
        except (tarfile.TarError, FileNotFoundError, json.JSONDecodeError) as error:
            raise BackupError(f"This is not a complete Welkom backup: {error}") from error
        _check(manifest, replace=replace)
        checked = _checked_files(manifest, root)
        _load_database(manifest, root)
        with connection.cursor() as cursor:
            restored = _inventory(cursor, list(manifest["tables"])).tables
        if restored != manifest["tables"]:
            differ = sorted(t for t in manifest["tables"] if restored.get(t) != manifest["tables"][t])
            raise BackupError(
                f"Restored tables do not hold the rows the archive counted: {', '.join(differ)}."
            )
        _restore_files(checked)
    ContentType.objects.clear_cache()
    call_command("migrate", interactive=False, verbosity=0)
    logger.info("backup restored", extra={"event": "backup.restored", "archive": archive.name})
    return manifest


# --- On a schedule (Celery beat) -------------------------------------------------------------------


def backup_scheduled(*, now: datetime | None = None) -> Path | None:
    """Beat's nightly backup: write an archive, keep ``WELKOM_BACKUP_KEEP_DAILY`` daily and
    ``WELKOM_BACKUP_KEEP_WEEKLY`` weekly ones. A failure is told to every active admin (in the app
    and by e-mail, through the notification channels) and logged; it leaves no archive behind."""
    now = now or timezone.now()
    try:
        path = backup_create(now=now)
    except Exception as error:
        logger.exception(
            "backup failed", extra={"event": "backup.failed", "error_type": type(error).__name__}
        )
        _failure_report(now=now)
        return None
    backups_prune(keep_daily=settings.BACKUP_KEEP_DAILY, keep_weekly=settings.BACKUP_KEEP_WEEKLY)
    return path


def _failure_report(*, now: datetime) -> None:
    from django.utils.translation import gettext, override

    from welkom.accounts.selectors import admins_active
    from welkom.notifications.services import notification_send

    for admin in admins_active():
        with override(admin.language or "en"):
            notification_send(
                recipient=admin,
                kind="backup_failed",
                title=gettext("Last night's backup of Welkom failed"),
                body=gettext(
                    "No new backup was made. The worker's log says why; ask whoever runs Welkom's "
                    "servers to look at it today."
                ),
                dedupe_key=f"backup-failed-{now.astimezone(UTC):%Y-%m-%d}",
                urgent=True,
                now=now,
            )
