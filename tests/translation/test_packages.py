"""Installing packages from files: the command, an admin's upload, and bad files."""

from __future__ import annotations

import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from welkom.translation import packages

pytestmark = pytest.mark.django_db


def test_install_list_and_remove_with_the_command(packages_dir, package_files):
    out = StringIO()
    call_command("languages", "install", str(package_files["nl-en"]), str(package_files["en-pl"]), stdout=out)
    assert "Installed nl-en version 1.0" in out.getvalue()
    out = StringIO()
    call_command("languages", "list", stdout=out)
    listing = out.getvalue()
    assert "nl-en" in listing
    assert "Dutch → English" in listing
    assert "MB" in listing
    assert "en-pl" in listing
    call_command("languages", "remove", "nl", "en", stdout=StringIO())
    assert set(packages.packages_by_pair()) == {("en", "pl")}


def test_install_every_package_in_a_folder(packages_dir, package_files):
    call_command("languages", "install", str(package_files["nl-en"].parent), stdout=StringIO())
    assert set(packages.packages_by_pair()) == {("nl", "en"), ("en", "nl"), ("en", "pl")}


def test_reinstalling_a_pair_replaces_it(packages_dir, package_files):
    first = packages.install_package(package_files["nl-en"])
    second = packages.install_package(package_files["nl-en-v2"])
    assert (first.package_version, second.package_version) == ("1.0", "1.1")
    assert first.version_key != second.version_key
    assert len(packages.installed_packages()) == 1


def test_bad_files_are_refused_with_a_reason(packages_dir, tmp_path):
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(CommandError, match="not an Argos package"):
        call_command("languages", "install", str(not_zip), stdout=StringIO())
    empty = tmp_path / "empty.argosmodel"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("pkg/README.md", "nothing")
    with pytest.raises(CommandError, match=r"no metadata\.json"):
        call_command("languages", "install", str(empty), stdout=StringIO())
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../metadata.json", "{}")
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("languages", "install", str(evil), stdout=StringIO())
    with pytest.raises(CommandError, match="No package is installed for nl → en"):
        call_command("languages", "remove", "nl", "en", stdout=StringIO())
    assert packages.installed_packages() == []


def test_an_admin_uploads_a_package(client_factory, org_a, packages_dir, package_files, tmp_path):
    client = client_factory(org_a["admin"])
    with package_files["en-pl"].open("rb") as handle:
        response = client.post("/api/translation/packages", {"file": handle}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["from_code"] == "en"
    assert response.json()["to_code"] == "pl"
    assert client.get("/api/translation/packages").json()[0]["to_name"] == "Polish"
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("nope")
    with bad.open("rb") as handle:
        response = client.post("/api/translation/packages", {"file": handle}, format="multipart")
    assert response.status_code == 400
    assert response.json()["fields"]["file"] == ["bad.argosmodel is not an Argos package (not a zip file)."]
    assert client.delete("/api/translation/packages/en/pl").status_code == 204
    assert packages.installed_packages() == []
