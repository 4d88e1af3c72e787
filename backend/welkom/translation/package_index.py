"""Argos Translate's package index, used only by an explicit operator action
(``manage.py languages available`` and ``languages download``). Nothing at run time and nothing in
the translation path touches the network.

A download goes to a temporary file next to the installed packages, is checked (file name, size,
checksum where the index gives them, the upload limit, the pair the package's own metadata names)
and installed through the same path as an uploaded file. A failed or interrupted download leaves
nothing behind and can simply be started again.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import requests
from django.conf import settings

from welkom.translation import package_store, packages
from welkom.translation.packages import PackageError

CHUNK = 1024 * 1024
TIMEOUT = 30  # seconds for connecting and between two chunks


class DownloadRefused(PackageError):
    """The index or a download is not what it must be; ``code`` says which check refused it (the
    settings screen words it in the reader's language)."""

    code = "failed"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class IndexUnavailable(DownloadRefused):
    """The index or a package cannot be reached (no network): install from a file instead."""

    code = "unreachable"


@dataclass(frozen=True)
class IndexEntry:
    from_code: str
    from_name: str
    to_code: str
    to_name: str
    package_version: str
    url: str
    size: int | None
    sha256: str | None

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def file_name(self) -> str:
        return unquote(PurePosixPath(urlparse(self.url).path).name)


def _offline(what: str, error: Exception) -> IndexUnavailable:
    return IndexUnavailable(
        f"Cannot reach {what} ({error.__class__.__name__}). Without network, download .argosmodel files"
        " elsewhere and install them with `manage.py languages install FILE_OR_FOLDER`."
    )


def fetch_index(url: str | None = None) -> list[IndexEntry]:
    url = url or settings.TRANSLATION_PACKAGE_INDEX_URL
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as error:
        raise _offline(f"the package index at {url}", error) from error
    try:
        raw = response.json()
    except ValueError as error:
        raise DownloadRefused(f"The package index at {url} is not JSON.", code="index_invalid") from error
    if not isinstance(raw, list):
        raise DownloadRefused(f"The package index at {url} is not a list of packages.", code="index_invalid")
    entries = []
    for item in raw:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        links = item.get("links") or []
        if not links or not isinstance(links[0], str):
            continue
        size = item.get("size")
        sha256 = item.get("sha256") or item.get("checksum")
        entries.append(
            IndexEntry(
                from_code=str(item.get("from_code", "")),
                from_name=str(item.get("from_name") or item.get("from_code", "")),
                to_code=str(item.get("to_code", "")),
                to_name=str(item.get("to_name") or item.get("to_code", "")),
                package_version=str(item.get("package_version", "0")),
                url=links[0],
                size=int(size) if isinstance(size, int) else None,
                sha256=str(sha256).lower() if sha256 else None,
            )
        )
    return entries


def _version(value: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in value.split("."))


def status_of(entry: IndexEntry, installed: dict[tuple[str, str], packages.InstalledPackage]) -> str:
    """``installed`` (this version), ``newer`` (the index has a newer one) or ``available``."""
    have = installed.get((entry.from_code, entry.to_code))
    if have is None:
        return "available"
    return "newer" if _version(entry.package_version) > _version(have.package_version) else "installed"


def pairs_for(languages: Iterable[str], entries: list[IndexEntry]) -> list[IndexEntry]:
    """The packages needed to translate between every two of ``languages``: the direct pair when
    the index has it, else through English. Raises PackageError naming a pair no route reaches."""
    codes = sorted({code.lower() for code in languages})
    by_pair = {(entry.from_code, entry.to_code): entry for entry in entries}
    wanted: dict[tuple[str, str], IndexEntry] = {}
    for source in codes:
        for target in codes:
            if source == target:
                continue
            if (source, target) in by_pair:
                wanted[(source, target)] = by_pair[(source, target)]
            elif (source, packages.PIVOT) in by_pair and (packages.PIVOT, target) in by_pair:
                wanted[(source, packages.PIVOT)] = by_pair[(source, packages.PIVOT)]
                wanted[(packages.PIVOT, target)] = by_pair[(packages.PIVOT, target)]
            else:
                raise PackageError(
                    f"The index has no package (direct or through English) for {source} → {target}."
                )
    return [wanted[pair] for pair in sorted(wanted)]


def _check_name(entry: IndexEntry) -> str:
    name = entry.file_name
    raw_path = urlparse(entry.url).path
    if (
        not name
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or ".." in unquote(raw_path).split("/")
    ):
        raise DownloadRefused(
            f"The index entry for {entry.pair} has an unsafe file name: {entry.url}.", code="unsafe_name"
        )
    if not name.endswith(".argosmodel"):
        raise DownloadRefused(
            f"The index entry for {entry.pair} is not an .argosmodel file: {name}.", code="unsafe_name"
        )
    return name


def download(
    entry: IndexEntry, *, progress: Callable[[int, int | None], None] | None = None
) -> packages.InstalledPackage:
    """Downloads one package, checks it and installs it (replacing the pair's package)."""
    name = _check_name(entry)
    limit = settings.TRANSLATION_UPLOAD_MAX_BYTES
    if entry.size is not None and entry.size > limit:
        raise DownloadRefused(
            f"{entry.pair} is {entry.size} bytes, over the upload limit of {limit} bytes.", code="too_large"
        )
    with tempfile.TemporaryDirectory(dir=packages.packages_dir(), prefix=".downloading-") as tmp:
        path = Path(tmp) / name
        digest = hashlib.sha256()
        received = 0
        try:
            with requests.get(entry.url, stream=True, timeout=TIMEOUT) as response:
                response.raise_for_status()
                announced = response.headers.get("Content-Length")
                total = int(announced) if announced and announced.isdigit() else entry.size
                if total is not None and total > limit:
                    raise DownloadRefused(
                        f"{entry.pair} is {total} bytes, over the upload limit of {limit} bytes.",
                        code="too_large",
                    )
                with path.open("wb") as out:
                    for chunk in response.iter_content(CHUNK):
                        received += len(chunk)
                        if received > limit:
                            raise DownloadRefused(
                                f"{entry.pair} is over the upload limit of {limit} bytes.", code="too_large"
                            )
                        digest.update(chunk)
                        out.write(chunk)
                        if progress:
                            progress(received, total)
        except requests.RequestException as error:  # includes a connection cut halfway
            raise _offline(f"the package {entry.url}", error) from error
        expected = (
            entry.size
            if entry.size is not None
            else (int(announced) if announced and announced.isdigit() else None)
        )
        if expected is not None and received != expected:
            raise DownloadRefused(
                f"The download of {entry.pair} is incomplete ({received} of {expected} bytes).",
                code="incomplete",
            )
        if entry.sha256 and digest.hexdigest() != entry.sha256:
            raise DownloadRefused(
                f"The download of {entry.pair} does not match the index's checksum.", code="checksum"
            )
        _check_pair(path, entry)
        try:
            return package_store.install(path)
        except DownloadRefused:
            raise
        except PackageError as error:
            raise DownloadRefused(str(error), code="not_package") from error


def _check_pair(path: Path, entry: IndexEntry) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if PurePosixPath(name).name == "metadata.json"]
            metadata = json.loads(archive.read(min(names, key=len))) if names else {}
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
        raise DownloadRefused(
            f"The download of {entry.pair} is not an Argos package.", code="not_package"
        ) from error
    named = (
        (metadata.get("from_code"), metadata.get("to_code")) if isinstance(metadata, dict) else (None, None)
    )
    if named != (entry.from_code, entry.to_code):
        raise DownloadRefused(
            f"The package downloaded for {entry.pair} says it is {named[0]}-{named[1]}: not installed.",
            code="wrong_pair",
        )
