"""Language packages on disk: install from ``.argosmodel`` files, list, remove.

Reads only files (``metadata.json``), never imports argostranslate or CTranslate2, so the web
process can list languages cheaply. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings

WELKOM_FILE = "welkom.json"  # written beside metadata.json when Welkom installs a package


class PackageError(Exception):
    """A package file that cannot be installed, with a sentence saying why."""


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
    )


def installed_packages() -> list[InstalledPackage]:
    found = [_read(path) for path in sorted(packages_dir().iterdir()) if path.is_dir()]
    return [package for package in found if package is not None]


def packages_by_pair() -> dict[tuple[str, str], InstalledPackage]:
    return {(package.from_code, package.to_code): package for package in installed_packages()}


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _metadata_of(archive: zipfile.ZipFile) -> tuple[str, dict[str, object]]:
    names = archive.namelist()
    for name in names:
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts:
            raise PackageError(f"The package contains an unsafe path: {name}.")
    candidates = [name for name in names if PurePosixPath(name).name == "metadata.json"]
    candidates = [name for name in candidates if len(PurePosixPath(name).parts) <= 2]
    if not candidates:
        raise PackageError("The package has no metadata.json: is it an Argos .argosmodel file?")
    root = str(PurePosixPath(candidates[0]).parent)
    try:
        metadata = json.loads(archive.read(candidates[0]))
    except ValueError as error:
        raise PackageError("The package's metadata.json is not valid JSON.") from error
    if not isinstance(metadata, dict):
        raise PackageError("The package's metadata.json is not an object.")
    prefix = "" if root == "." else root + "/"
    if f"{prefix}model/model.bin" not in names:
        raise PackageError("The package has no CTranslate2 model (model/model.bin).")
    if f"{prefix}sentencepiece.model" not in names and f"{prefix}bpe.model" not in names:
        raise PackageError("The package has no tokenizer (sentencepiece.model or bpe.model).")
    for field in ("from_code", "to_code"):
        code = metadata.get(field)
        if not isinstance(code, str) or not code.replace("_", "").replace("-", "").isalnum():
            raise PackageError(f"The package's metadata.json has no valid {field}.")
    if metadata.get("type", "translate") != "translate":
        raise PackageError("Only translation packages can be installed (type 'translate').")
    return prefix, metadata


def install_package(path: Path) -> InstalledPackage:
    """Installs one ``.argosmodel`` file, replacing the package of the same pair."""
    if not path.is_file():
        raise PackageError(f"{path} is not a file.")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise PackageError(f"{path.name} is not an Argos package (not a zip file).") from error
    with archive:
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
                with archive.open(member) as source, destination.open("wb") as out:
                    shutil.copyfileobj(source, out)
            extra = {
                "checksum": _checksum(path),
                "size_bytes": _folder_size(staging),
                "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "source_file": path.name,
            }
            (staging / WELKOM_FILE).write_text(json.dumps(extra, indent=2), encoding="utf-8")
            if target.exists():
                old = Path(tmp) / "old"
                target.rename(old)
            staging.rename(target)
    installed = _read(target)
    assert installed is not None
    return installed


def install_paths(paths: list[Path]) -> list[InstalledPackage]:
    """Installs every file given; a folder installs every ``.argosmodel`` inside it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.argosmodel")))
        else:
            files.append(path)
    if not files:
        raise PackageError("No .argosmodel files found.")
    return [install_package(file) for file in files]


def remove_package(*, from_code: str, to_code: str) -> InstalledPackage:
    package = packages_by_pair().get((from_code, to_code))
    if package is None:
        raise PackageError(f"No package is installed for {from_code} → {to_code}.")
    shutil.rmtree(package.path)
    return package


# --- Routes -----------------------------------------------------------------------------------

PIVOT = "en"


class NoRoute(Exception):
    def __init__(self, source: str, target: str, missing: str) -> None:
        super().__init__(f"No translation from {source} to {target}: install the {missing} package.")
        self.missing = missing


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
        missing = f"{source}→{PIVOT} (or {source}→{target})"
    else:
        missing = f"{PIVOT}→{target} (or {source}→{target})"
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
