"""One language-package store for every process on every machine (docs/scaling.md).

Installing or downloading a package (through the admin screen, the package index or
``manage.py languages``) unpacks it into this process's folder, ``TRANSLATION_PACKAGES_DIR``, as
before, and then *publishes* it: the ``.argosmodel`` archive goes into the ``packages`` store (a
folder, or the object storage with ``WELKOM_STORAGE=s3``) and a :class:`StoredPackage` row records
its pair, version and SHA-256. Removing a package marks the row removed and deletes the archive.

Every change is announced by a new *generation* in the shared cache (Redis in production). Before a
process lists its packages (to translate, or to show them) it compares that generation with the one
it last synchronised with; when they differ it synchronises its folder with the rows (:func:`sync`):

- a pair the store has and the folder lacks (or holds another file of) is fetched into a temporary
  file inside the folder, its SHA-256 checked against the row, and installed, which unpacks into a
  staging folder and renames it into place: a half-copied package is never read;
- a pair the store removed is removed from the folder.

A translation worker also synchronises when it starts, so one that starts with an empty folder has
every package before its first task. Packages that were only ever installed locally (before the
store existed) are left alone.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from welkom.core.storage import packages_storage
from welkom.translation import packages
from welkom.translation.models import StoredPackage

logger = logging.getLogger(__name__)

GENERATION_KEY = "translation:package-store:generation"
CHUNK = 1 << 20

_lock = threading.Lock()
_synced: dict[str, str] = {}  # packages folder -> the generation it was last synchronised with


@dataclass
class SyncResult:
    fetched: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _object_name(installed: packages.InstalledPackage) -> str:
    return f"{installed.from_code}_{installed.to_code}/{installed.checksum}.argosmodel"


def _announce() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


# --- Writing: after a local install or removal ------------------------------------------------------


def install(path: Path) -> packages.InstalledPackage:
    """Installs ``path`` here and publishes it to every other process."""
    installed = packages.install_package(path)
    publish(path=path, installed=installed)
    return installed


def install_paths(paths: list[Path]) -> list[packages.InstalledPackage]:
    return [install(file) for file in packages.package_files(paths)]


def remove(*, from_code: str, to_code: str) -> packages.InstalledPackage:
    """Removes the pair here and from the store, so every other process removes it too."""
    removed = packages.remove_package(from_code=from_code, to_code=to_code)
    withdraw(from_code=from_code, to_code=to_code)
    return removed


def publish(*, path: Path, installed: packages.InstalledPackage) -> StoredPackage:
    """Puts the archive ``installed`` was unpacked from into the store, replacing the pair's
    earlier one."""
    storage = packages_storage()
    name = _object_name(installed)
    with transaction.atomic():
        row = (
            StoredPackage.objects.select_for_update()
            .filter(from_code=installed.from_code, to_code=installed.to_code)
            .first()
        )
        previous = row.file.name if row and row.file else ""
        if previous != name and not storage.exists(name):
            with path.open("rb") as handle:
                name = storage.save(name, File(handle))
        row, _ = StoredPackage.objects.update_or_create(
            from_code=installed.from_code,
            to_code=installed.to_code,
            defaults={
                "package_version": installed.package_version,
                "checksum": installed.checksum,
                "archive_bytes": path.stat().st_size,
                "file": name,
                "stored_at": timezone.now(),
                "removed_at": None,
            },
        )
        transaction.on_commit(lambda: _after_change(obsolete=previous if previous != name else ""))
    return row


def withdraw(*, from_code: str, to_code: str) -> None:
    """Marks the pair removed (every process removes it on its next use) and deletes its archive."""
    with transaction.atomic():
        row = StoredPackage.objects.select_for_update().filter(from_code=from_code, to_code=to_code).first()
        if row is None or row.removed_at is not None:
            return
        obsolete = row.file.name
        row.removed_at = timezone.now()
        row.file = ""
        row.save(update_fields=["removed_at", "file"])
        transaction.on_commit(lambda: _after_change(obsolete=obsolete))


def _after_change(*, obsolete: str) -> None:
    if obsolete:
        packages_storage().delete(obsolete)
    _announce()
    # This process is already up to date: no need to synchronise with its own announcement.
    _synced[str(Path(settings.TRANSLATION_PACKAGES_DIR))] = str(cache.get(GENERATION_KEY))


# --- Reading: bringing this process's folder up to date ------------------------------------------------


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Processes that share a folder (a worker's children) synchronise it one at a time."""
    with (folder / ".sync.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sync_if_announced() -> None:
    """Synchronises when the store changed since this process last looked: one cache read when not.
    Runs before every listing of the installed packages (registered in the app's ready())."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        return  # nothing announced since the cache was emptied; workers also sync when they start
    folder = str(Path(settings.TRANSLATION_PACKAGES_DIR))
    if _synced.get(folder) == generation:
        return
    try:
        sync()
    except Exception:  # the packages already here keep working; the next use tries again
        logger.exception("Could not synchronise the language packages with the store")
        return
    _synced[folder] = str(generation)


def sync() -> SyncResult:
    """Fetches what the store has and this folder lacks, removes what the store removed."""
    result = SyncResult()
    folder = packages.packages_dir()
    with _lock, _folder_lock(folder):
        local = packages.packages_by_pair(synced=False)
        for row in StoredPackage.objects.order_by("from_code", "to_code"):
            pair = (row.from_code, row.to_code)
            here = local.get(pair)
            if row.removed_at is not None:
                if here is not None:
                    packages.remove_package(from_code=row.from_code, to_code=row.to_code)
                    result.removed.append(row.pair)
            elif here is None or here.checksum != row.checksum:
                try:
                    _fetch(row, folder)
                except (OSError, packages.PackageError) as error:
                    logger.error(
                        "Language package %s could not be fetched from the store: %s", row.pair, error
                    )
                    result.failed.append(row.pair)
                else:
                    result.fetched.append(row.pair)
    if result.fetched or result.removed:
        logger.info(
            "Language packages from the store: fetched %s, removed %s", result.fetched, result.removed
        )
    return result


def _fetch(row: StoredPackage, folder: Path) -> packages.InstalledPackage:
    with tempfile.TemporaryDirectory(dir=folder, prefix=".fetching-") as tmp:
        target = Path(tmp) / f"translate-{row.from_code}_{row.to_code}.argosmodel"
        digest = hashlib.sha256()
        with packages_storage().open(row.file.name, "rb") as source, target.open("wb") as out:
            for block in iter(lambda: source.read(CHUNK), b""):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != row.checksum:
            raise packages.PackageError(
                f"The stored archive of {row.pair} does not match its checksum; it was not installed."
            )
        return packages.install_package(target)
