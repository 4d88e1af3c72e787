"""Getting real packages by one operator command (issue 17 §1): `languages available` and
`languages download`, against an index and packages served from 127.0.0.1 by the test."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.translation.package_site import index_entry as _entry
from tests.translation.package_site import serve_index as _index
from welkom.translation import packages

# Installing a package records it in the package store (translation.package_store), a table.
pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("languages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _installed() -> set[str]:
    return {package.pair for package in packages.installed_packages()}


def _leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.startswith(".")] if folder.exists() else []


def test_download_installs_the_pairs_between_the_languages_through_english(site, packages_dir, package_files):
    index = _index(
        site,
        [
            _entry(site, "nl-en", package_files["nl-en"]),
            _entry(site, "en-nl", package_files["en-nl"]),
            _entry(site, "en-pl", package_files["en-pl"]),
        ],
    )
    listing = _run("available", "--index", index)
    assert "nl-en" in listing
    assert "available" in listing

    output = _run("download", "nl", "en", "--index", index)
    assert _installed() == {"nl-en", "en-nl"}
    assert "Installed nl-en" in output
    assert "installed" in _run("available", "--index", index).splitlines()[0]

    with pytest.raises(CommandError, match="pl → nl"):  # the index has no pl→en, so no route back
        _run("download", "nl", "pl", "--index", index)


@pytest.mark.parametrize(
    ("served", "change", "message"),
    [
        ("nl-en", {"sha256": "0" * 64}, "checksum"),
        ("nl-en", {"size": 10**12}, "upload limit"),
        ("en-pl", {}, "says it is en-pl"),  # the index says nl→en, the package's metadata en→pl
    ],
)
def test_a_bad_download_is_refused_and_installs_nothing(
    site, packages_dir, package_files, served, change, message
):
    entry = {**_entry(site, "nl-en", package_files[served], name="translate-nl_en.argosmodel"), **change}
    index = _index(site, [entry, _entry(site, "en-nl", package_files["en-nl"])])
    with pytest.raises(CommandError, match=message):
        _run("download", "nl", "en", "--index", index)
    assert not {"nl-en", "en-pl"} & _installed()
    assert not _leftovers(packages_dir)


def test_a_download_cut_halfway_leaves_nothing_and_can_be_started_again(site, packages_dir, package_files):
    body = package_files["nl-en"].read_bytes()
    entry = _entry(site, "nl-en", package_files["nl-en"])
    site.put("/packages/translate-nl_en.argosmodel", body[: len(body) // 2], announce=len(body))
    index = _index(site, [entry, _entry(site, "en-nl", package_files["en-nl"])])
    with pytest.raises(CommandError):
        _run("download", "nl", "en", "--index", index)
    assert "nl-en" not in _installed()
    assert not _leftovers(packages_dir)

    site.put("/packages/translate-nl_en.argosmodel", body)  # the connection is back
    _run("download", "nl", "en", "--index", index)
    assert {"nl-en", "en-nl"} <= _installed()


def test_an_index_entry_with_a_path_in_its_file_name_is_refused(site, packages_dir, package_files):
    entry = _entry(site, "nl-en", package_files["nl-en"], name="..%2F..%2Fevil.argosmodel")
    index = _index(site, [entry, _entry(site, "en-nl", package_files["en-nl"])])
    with pytest.raises(CommandError, match="unsafe file name"):
        _run("download", "nl", "en", "--index", index)
    assert "nl-en" not in _installed()


def test_an_index_that_is_not_json_or_not_there_is_said_plainly(site, packages_dir):
    broken = site.put("/index.json", b"<html>Not an index</html>")
    with pytest.raises(CommandError, match="not JSON"):
        _run("available", "--index", broken)
    with pytest.raises(CommandError, match="languages install"):  # no network: install from a file
        _run("available", "--index", site.url + "/missing.json")
