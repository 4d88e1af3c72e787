"""Language packages on disk: install from ``.argosmodel`` files, list, remove.

Reads only files (``metadata.json``), never imports argostranslate or CTranslate2, so the web
process can list languages cheaply. Nothing here touches the network.

An archive is checked before anything is extracted (``check_archive``): how much it unpacks to
(TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES), how many files it holds, how big metadata.json is and how
much any file expands (a zip bomb), and whether every entry can be read at all (no encryption, a
compression zipfile knows). Extracting writes no more than the sizes the archive declares (zipfile
stops there, and the CRC check catches a file that lies); a damaged entry is a PackageError.

The installed packages are read once and kept in memory; the listing is read again when the folder
changes (installing or removing a package renames or deletes a folder in it, also from another
process), checked with one ``stat`` per folder instead of reading every metadata.json.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import shutil
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext

WELKOM_FILE = "welkom.json"  # written beside metadata.json when Welkom installs a package

# Limits of an archive, checked before anything is extracted. Real Argos packages hold a few dozen
# files, a metadata.json of about a kilobyte, and files that compress at most about 5 to 1.
MAX_ENTRIES = 1000
MAX_METADATA_BYTES = 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for any file bigger than RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1024 * 1024
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# What reading a damaged entry raises (a wrong CRC or size, a broken stream).
DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, ValueError, NotImplementedError)


class PackageError(Exception):
    """A package file that cannot be installed, with a sentence saying why: rendered with gettext
    when raised, so in the language of the request that installs it (an admin's upload), or the
    default language in a command. Raised in a worker, it is for the worker's log only (a package
    download reports codes: package_index.DownloadRefused)."""


@dataclass(frozen=True)
class InstalledPackage:
    from_code: str
    from_name: str
    to_code: str
    to_name: str
    package_version: str
    checksum: str
    size_bytes: int
    path: Path
    installed_at: str
    # Made by Welkom's package builder (random weights): its output is nonsense and is marked so.
    demo: bool = False

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def version_key(self) -> str:
        """Changes whenever a different file is installed for this pair (part of the cache key)."""
        return f"{self.package_version}+{self.checksum[:12]}"


def packages_dir() -> Path:
    folder = Path(settings.TRANSLATION_PACKAGES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def is_demo(metadata: dict[str, object]) -> bool:
    """Whether a package's metadata says Welkom's builder made it (random weights). Packages built
    before the flag existed are known by the builder's description, also part of the metadata."""
    from welkom.translation.package_builder import DEMO_DESCRIPTION, DEMO_FLAG

    return metadata.get(DEMO_FLAG) is True or metadata.get("description") == DEMO_DESCRIPTION


def _read(path: Path) -> InstalledPackage | None:
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        extra = json.loads((path / WELKOM_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if metadata.get("type", "translate") != "translate":
        return None
    return InstalledPackage(
        from_code=str(metadata["from_code"]),
        from_name=str(metadata.get("from_name") or metadata["from_code"]),
        to_code=str(metadata["to_code"]),
        to_name=str(metadata.get("to_name") or metadata["to_code"]),
        package_version=str(metadata.get("package_version", "0")),
        checksum=str(extra["checksum"]),
        size_bytes=int(extra["size_bytes"]),
        path=path,
        installed_at=str(extra["installed_at"]),
        demo=is_demo(metadata),
    )


_listing_lock = threading.Lock()
_listing: dict[str, tuple[tuple[object, ...], list[InstalledPackage]]] = {}


def _folder_signature(folder: Path) -> tuple[object, ...]:
    """Changes when a package folder is added, removed, renamed or has a file added or replaced."""
    entries = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.is_dir():
                entries.append((entry.name, entry.stat().st_mtime_ns))
    return (folder.stat().st_mtime_ns, tuple(sorted(entries)))


def _forget_listing() -> None:
    with _listing_lock:
        _listing.clear()


# Called before every listing: the package store (welkom.translation.package_store) brings this
# process's folder up to date when another process installed or removed a package.
_before_listing: list[Callable[[], None]] = []


def before_listing(hook: Callable[[], None]) -> None:
    if hook not in _before_listing:
        _before_listing.append(hook)


def installed_packages(*, synced: bool = True) -> list[InstalledPackage]:
    if synced:
        for hook in _before_listing:
            hook()
    folder = packages_dir()
    signature = _folder_signature(folder)
    key = str(folder)
    with _listing_lock:
        known = _listing.get(key)
        if known is not None and known[0] == signature:
            return list(known[1])
    found = [_read(path) for path in sorted(folder.iterdir()) if path.is_dir()]
    listing = [package for package in found if package is not None]
    with _listing_lock:
        _listing[key] = (signature, listing)
    return list(listing)


def packages_by_pair(*, synced: bool = True) -> dict[tuple[str, str], InstalledPackage]:
    return {(package.from_code, package.to_code): package for package in installed_packages(synced=synced)}


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    """Whole megabytes as the reader's language writes them: "2,048 MB" in English, "2.048 MB" in
    Dutch."""
    return f"{formats.number_format(round(size / (1024 * 1024)), 0, force_grouping=True)} MB"


def check_archive(archive: zipfile.ZipFile, *, archive_bytes: int) -> None:
    """Refuses, from the archive's directory alone, what could not be extracted safely."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise PackageError(
            gettext("The package holds %(count)s files; a language package holds at most %(limit)s.")
            % {"count": len(entries), "limit": MAX_ENTRIES}
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise PackageError(
                gettext("The package is encrypted (%(name)s); use an unencrypted file.")
                % {"name": entry.filename}
            )
        if entry.compress_type not in READABLE_METHODS:
            raise PackageError(
                gettext(
                    "The package uses a compression that cannot be read (%(name)s, method %(method)s);"
                    " use a normal zip file."
                )
                % {"name": entry.filename, "method": entry.compress_type}
            )
        if PurePosixPath(entry.filename).name == "metadata.json" and entry.file_size > MAX_METADATA_BYTES:
            raise PackageError(
                gettext("The package's metadata.json is %(size)s; at most %(limit)s KB is allowed.")
                % {"size": _megabytes(entry.file_size), "limit": MAX_METADATA_BYTES // 1024}
            )
        if entry.file_size > RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise PackageError(
                gettext(
                    "%(name)s expands from %(packed)s to %(unpacked)s, more than %(ratio)s times:"
                    " not a language package."
                )
                % {
                    "name": entry.filename,
                    "packed": _megabytes(entry.compress_size),
                    "unpacked": _megabytes(entry.file_size),
                    "ratio": MAX_RATIO,
                }
            )
        total += entry.file_size
    limit = settings.TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES
    if total > limit:
        raise PackageError(
            gettext("The package would unpack to %(size)s; at most %(limit)s is allowed (%(setting)s).")
            % {
                "size": _megabytes(total),
                "limit": _megabytes(limit),
                "setting": "WELKOM_TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES",
            }
        )
    if total > RATIO_FROM_BYTES and total > MAX_RATIO * max(archive_bytes, 1):
        raise PackageError(
            gettext(
                "The package expands from %(packed)s to %(unpacked)s, more than %(ratio)s times:"
                " not a language package."
            )
            % {"packed": _megabytes(archive_bytes), "unpacked": _megabytes(total), "ratio": MAX_RATIO}
        )


def _damaged(name: str, error: BaseException) -> PackageError:
    return PackageError(
        gettext("The package is damaged (%(name)s: %(problem)s).") % {"name": name, "problem": error}
    )


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except DAMAGED as error:
        raise _damaged(name, error) from error


def _metadata_of(archive: zipfile.ZipFile) -> tuple[str, dict[str, object]]:
    names = archive.namelist()
    for name in names:
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts:
            raise PackageError(gettext("The package contains an unsafe path: %(name)s.") % {"name": name})
    candidates = [name for name in names if PurePosixPath(name).name == "metadata.json"]
    candidates = [name for name in candidates if len(PurePosixPath(name).parts) <= 2]
    if not candidates:
        raise PackageError(gettext("The package has no metadata.json: is it an Argos .argosmodel file?"))
    root = str(PurePosixPath(candidates[0]).parent)
    try:
        metadata = json.loads(_read_member(archive, candidates[0]))
    except ValueError as error:
        raise PackageError(gettext("The package's metadata.json is not valid JSON.")) from error
    if not isinstance(metadata, dict):
        raise PackageError(gettext("The package's metadata.json is not an object."))
    prefix = "" if root == "." else root + "/"
    if f"{prefix}model/model.bin" not in names:
        raise PackageError(gettext("The package has no CTranslate2 model (model/model.bin)."))
    if f"{prefix}sentencepiece.model" not in names and f"{prefix}bpe.model" not in names:
        raise PackageError(gettext("The package has no tokenizer (sentencepiece.model or bpe.model)."))
    for field in ("from_code", "to_code"):
        code = metadata.get(field)
        if not isinstance(code, str) or not code.replace("_", "").replace("-", "").isalnum():
            raise PackageError(
                gettext("The package's metadata.json has no valid %(field)s.") % {"field": field}
            )
    if metadata.get("type", "translate") != "translate":
        raise PackageError(gettext("Only translation packages can be installed (type 'translate')."))
    return prefix, metadata


def install_package(path: Path) -> InstalledPackage:
    """Installs one ``.argosmodel`` file, replacing the package of the same pair."""
    if not path.is_file():
        raise PackageError(gettext("%(path)s is not a file.") % {"path": path})
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, *DAMAGED) as error:
        raise PackageError(
            gettext("%(name)s is not an Argos package (not a zip file).") % {"name": path.name}
        ) from error
    with archive:
        check_archive(archive, archive_bytes=path.stat().st_size)
        prefix, metadata = _metadata_of(archive)
        target = packages_dir() / f"translate-{metadata['from_code']}_{metadata['to_code']}"
        with tempfile.TemporaryDirectory(dir=packages_dir(), prefix=".installing-") as tmp:
            staging = Path(tmp) / "package"
            staging.mkdir()
            for member in archive.infolist():
                if member.is_dir() or not member.filename.startswith(prefix):
                    continue
                destination = staging / member.filename[len(prefix) :]
                destination.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with archive.open(member) as source, destination.open("wb") as out:
                        shutil.copyfileobj(source, out)
                except DAMAGED as error:  # the temporary folder goes with everything in it
                    raise _damaged(member.filename, error) from error
            extra = {
                "checksum": _checksum(path),
                "size_bytes": _folder_size(staging),
                "installed_at": timezone.now().isoformat(timespec="seconds"),
                "source_file": path.name,
            }
            (staging / WELKOM_FILE).write_text(json.dumps(extra, indent=2), encoding="utf-8")
            if target.exists():
                old = Path(tmp) / "old"
                target.rename(old)
            staging.rename(target)
    _forget_listing()
    installed = _read(target)
    assert installed is not None
    return installed


def package_files(paths: list[Path]) -> list[Path]:
    """The files given; for a folder, every ``.argosmodel`` inside it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.argosmodel")))
        else:
            files.append(path)
    if not files:
        raise PackageError(gettext("No .argosmodel files found."))
    return files


def install_paths(paths: list[Path]) -> list[InstalledPackage]:
    """Installs every file given (here only); a folder installs every ``.argosmodel`` inside it."""
    return [install_package(file) for file in package_files(paths)]


def remove_package(*, from_code: str, to_code: str) -> InstalledPackage:
    package = packages_by_pair(synced=False).get((from_code, to_code))
    if package is None:
        raise PackageError(
            gettext("No package is installed for %(source)s → %(target)s.")
            % {"source": from_code, "target": to_code}
        )
    shutil.rmtree(package.path)
    _forget_listing()
    return package


# --- Routes -----------------------------------------------------------------------------------

PIVOT = "en"


class NoRoute(Exception):
    """No package, or chain through English, translates ``source`` into ``target``; ``missing`` is
    the package to install (``pl→en``), which the direct pair would replace when it is not that
    pair itself. Its arguments are the facts, never a sentence: raised in a translation worker, the
    facts cross to the web process in the answer on the reply list (welkom.translation.replies), or
    with the on-disk result store through Celery's result (which rebuilds it as ``NoRoute(*args)``),
    and the web process words it in the reader's language (``services.no_route_message``).
    ``str()`` is English, for logs."""

    def __init__(self, source: str, target: str, missing: str) -> None:
        super().__init__(source, target, missing)
        self.source, self.target, self.missing = source, target, missing

    @property
    def direct(self) -> str | None:
        """The direct pair, when installing it would do instead of ``missing``."""
        direct = f"{self.source}→{self.target}"
        return None if self.missing == direct else direct

    def __str__(self) -> str:
        alternative = f" (or {self.direct})" if self.direct else ""
        return (
            f"No translation from {self.source} to {self.target}:"
            f" install the {self.missing}{alternative} package."
        )


def route(
    source: str, target: str, installed: dict[tuple[str, str], InstalledPackage]
) -> list[InstalledPackage]:
    """The packages to chain: the direct pair, or through English when no direct pair exists."""
    if (source, target) in installed:
        return [installed[(source, target)]]
    first, second = installed.get((source, PIVOT)), installed.get((PIVOT, target))
    if source != PIVOT and target != PIVOT and first and second:
        return [first, second]
    if source == PIVOT or target == PIVOT or (not first and not second):
        missing = f"{source}→{target}"
    elif not first:
        missing = f"{source}→{PIVOT}"
    else:
        missing = f"{PIVOT}→{target}"
    raise NoRoute(source, target, missing)


def languages(installed: dict[tuple[str, str], InstalledPackage]) -> dict[str, tuple[str, list[str]]]:
    """Each language code with its name and the targets it can reach (directly or by pivot)."""
    names: dict[str, str] = {}
    for package in installed.values():
        names.setdefault(package.from_code, package.from_name)
        names.setdefault(package.to_code, package.to_name)
    result: dict[str, tuple[str, list[str]]] = {}
    for code, name in sorted(names.items()):
        targets = []
        for other in sorted(names):
            if other == code:
                continue
            try:
                route(code, other, installed)
            except NoRoute:
                continue
            targets.append(other)
        result[code] = (name, targets)
    return result
