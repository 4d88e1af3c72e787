"""A language package upload is checked before anything is extracted: what it would unpack to in
total (TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES, 2 GB by default), how many files, how big
metadata.json is, and how much a file expands. A damaged archive (a wrong CRC, an encrypted entry,
an unknown compression, sizes that lie) is a 400 with the reason, never a 500, and leaves nothing
behind. Installed packages are listed from memory, not read from disk on every request."""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from welkom.translation import packages

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _members(source: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]


def _repack(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """The real package ``source`` written again, with members replaced or added."""
    replace = replace or {}
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        for name, data in _members(source):
            archive.writestr(name, replace.get(Path(name).name, data))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def _zeros_member(target: Path, source: Path, *, name: str, megabytes: int) -> Path:
    """The package with ``name`` replaced by ``megabytes`` of zeros, compressed as it is written."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, data in _members(source):
            if member.endswith("/" + name):
                with archive.open(member, "w", force_zip64=True) as out:
                    block = bytes(MB)
                    for _ in range(megabytes):
                        out.write(block)
            else:
                archive.writestr(member, data)
    return target


def _patch(path: Path, member: str, **fields: int) -> None:
    """Rewrites header fields of ``member`` in its local header and its central directory entry:
    ``flags``, ``method``, ``crc``, ``file_size`` (archives without zip64)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
        central = archive.start_dir
    encoded = member.encode()
    while bytes(data[central + 46 : central + 46 + len(encoded)]) != encoded:
        central = data.index(b"PK\x01\x02", central + 4)
    # Offsets in the local header; the central directory has each field two bytes further on.
    layout = {"flags": (6, "<H"), "method": (8, "<H"), "crc": (14, "<I"), "file_size": (22, "<I")}
    for field, value in fields.items():
        offset, fmt = layout[field]
        struct.pack_into(fmt, data, local + offset, value)
        struct.pack_into(fmt, data, central + offset + 2, value)
    path.write_bytes(bytes(data))


def _upload(client, path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return client.post("/api/translation/packages", {"file": handle}, format="multipart")


def _refused(response, words: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content[:400]
    body = response.json()
    assert "file" in body["fields"]
    assert words in body["detail"], body["detail"]


def _nothing_left(packages_dir: Path) -> None:
    left = [path.name for path in packages_dir.iterdir()] if packages_dir.exists() else []
    assert left == [], left


@pytest.fixture
def admin(client_factory, org_a):  # type: ignore[no-untyped-def]
    return client_factory(org_a["admin"])


def test_a_zip_bomb_is_refused_before_anything_is_written(admin, packages_dir, package_files, tmp_path):
    bomb = _zeros_member(
        tmp_path / "bomb.argosmodel", package_files["nl-en"], name="model.bin", megabytes=200
    )
    assert bomb.stat().st_size < 2 * MB
    _refused(_upload(admin, bomb), "expands")
    _nothing_left(packages_dir)


def test_an_archive_over_the_unpacked_limit_is_refused(admin, packages_dir, package_files, settings):
    settings.TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES = 200_000  # the real package unpacks to ~370 KB
    _refused(_upload(admin, package_files["nl-en"]), "unpack")
    _nothing_left(packages_dir)
    settings.TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES = 2 * 1024**3
    assert _upload(admin, package_files["nl-en"]).status_code == 201


def test_an_archive_with_too_many_files_is_refused(admin, packages_dir, package_files, tmp_path):
    many = {
        f"translate-nl_en/stanza/f{index}.txt": b"x"
        for index in range(getattr(packages, "MAX_ENTRIES", 1000) + 1)
    }
    archive = _repack(package_files["nl-en"], tmp_path / "many.argosmodel", extra=many)
    _refused(_upload(admin, archive), "files")
    _nothing_left(packages_dir)


def test_a_huge_metadata_file_is_refused_without_reading_it(admin, packages_dir, package_files, tmp_path):
    metadata = json.loads(dict(_members(package_files["nl-en"]))["translate-nl_en/metadata.json"])
    metadata["description"] = "x" * (5 * MB)
    big = _repack(
        package_files["nl-en"],
        tmp_path / "meta.argosmodel",
        replace={"metadata.json": json.dumps(metadata).encode()},
    )
    _refused(_upload(admin, big), "metadata.json")
    _nothing_left(packages_dir)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ({"crc": 0x12345678}, "damaged"),
        ({"flags": 0x1}, "encrypted"),
        ({"method": 99}, "compression"),
        ({"file_size": 10}, "damaged"),  # declares less than it holds
    ],
)
def test_a_damaged_archive_is_a_400_with_the_reason(
    admin, packages_dir, package_files, tmp_path, damage, words
):
    archive = _repack(package_files["nl-en"], tmp_path / "damaged.argosmodel")
    _patch(archive, "translate-nl_en/model/model.bin", **damage)
    _refused(_upload(admin, archive), words)
    _nothing_left(packages_dir)


def test_a_damaged_archive_is_refused_by_the_command_too(packages_dir, package_files, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    archive = _repack(package_files["nl-en"], tmp_path / "damaged.argosmodel")
    _patch(archive, "translate-nl_en/model/model.bin", crc=0x12345678)
    with pytest.raises(CommandError, match="damaged"):
        call_command("languages", "install", str(archive), stdout=StringIO())


# --- Installed packages are listed from memory ------------------------------------------------------


class _Opens:
    """Counts files named metadata.json that Python opens (an audit hook: real file access)."""

    def __init__(self) -> None:
        self.count = 0
        self.on = False

    def __call__(self, event: str, args: tuple) -> None:  # type: ignore[type-arg]
        if self.on and event == "open" and str(args[0]).endswith("metadata.json"):
            self.count += 1


_OPENS = _Opens()
sys.addaudithook(_OPENS)


def test_installed_packages_are_not_read_from_disk_on_every_request(
    client_factory, org_a, admin, packages_dir, package_files
):
    assert _upload(admin, package_files["nl-en"]).status_code == 201
    reader = client_factory(org_a["colleague"])
    assert [item["code"] for item in reader.get("/languages").json()] == ["en", "nl"]
    _OPENS.count, _OPENS.on = 0, True
    try:
        for _ in range(5):
            assert reader.get("/languages").status_code == 200
            assert admin.get("/api/translation/packages").status_code == 200
    finally:
        _OPENS.on = False
    assert _OPENS.count == 0
    # Installing and removing are seen at once.
    assert _upload(admin, package_files["en-pl"]).status_code == 201
    assert [item["code"] for item in reader.get("/languages").json()] == ["en", "nl", "pl"]
    assert admin.delete("/api/translation/packages/nl/en").status_code == 204
    assert [item["code"] for item in reader.get("/languages").json()] == ["en", "pl"]


@pytest.mark.parametrize(
    ("language", "unpacked"), [("en", "1,907 MB"), ("nl", "1.907 MB"), ("pl", "1\xa0907 MB")]
)
def test_the_sizes_in_a_refusal_are_written_as_the_readers_language_writes_numbers(
    language, unpacked, tmp_path
):
    """An entry whose directory claims 2,000,000,000 bytes: the megabytes are grouped as the reader's
    language groups thousands."""
    from django.utils.translation import override

    path = tmp_path / "claims.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-nl_en/model.bin", b"\0" * 1000)
        archive.infolist()[0].file_size = 2_000_000_000  # what the central directory will claim
    with (
        zipfile.ZipFile(path) as archive,
        override(language),
        pytest.raises(packages.PackageError) as refused,
    ):
        packages.check_archive(archive, archive_bytes=path.stat().st_size)
    assert unpacked in str(refused.value)
