"""The admin's screen downloads language packages from the package index (issue 17 §1): the list
with what is installed or newer, a download as a Celery task with progress on a row, one download
of a pair at a time, every bad download refused with a reason and nothing installed, and the
plain answer when the index cannot be reached. The index is served from 127.0.0.1 (package_site)."""

from __future__ import annotations

import time

import pytest

from tests.translation.package_site import index_entry, serve_index
from welkom.accounts.models import Role
from welkom.translation import packages
from welkom.translation.tasks import package_download

pytestmark = pytest.mark.django_db

INDEX = "/api/translation/packages/index"
DOWNLOADS = "/api/translation/packages/downloads"


def _installed() -> set[str]:
    return {package.pair for package in packages.installed_packages()}


def _leftovers(folder) -> list[str]:  # type: ignore[no-untyped-def]
    return [path.name for path in folder.iterdir() if path.name.startswith(".")] if folder.exists() else []


@pytest.fixture
def index(site, settings, package_files):  # type: ignore[no-untyped-def]
    """nl→en and en→nl at version 1.0 in the index, served by the test."""
    entries = [
        index_entry(site, "nl-en", package_files["nl-en"]),
        index_entry(site, "en-nl", package_files["en-nl"]),
    ]
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, entries)
    return entries


def test_the_admin_sees_the_index_with_what_is_installed_and_what_is_newer(
    client_factory, org_a, site, settings, packages_dir, package_files
):
    packages.install_package(package_files["en-nl"])  # version 1.0
    entries = [
        index_entry(site, "nl-en", package_files["nl-en"]),
        index_entry(site, "en-nl", package_files["en-nl"], package_version="1.1"),
        index_entry(site, "en-pl", package_files["en-pl"]),
    ]
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, entries)

    response = client_factory(org_a["admin"]).get(INDEX)
    assert response.status_code == 200
    body = response.json()
    assert body["reachable"] is True
    assert body["problem"] is None
    listing = {f"{item['from_code']}-{item['to_code']}": item for item in body["packages"]}
    assert listing["nl-en"]["status"] == "available"
    assert listing["nl-en"]["size"] == package_files["nl-en"].stat().st_size
    assert listing["en-nl"]["status"] == "newer"
    assert listing["en-nl"]["installed_version"] == "1.0"


@pytest.mark.django_db(transaction=True)
def test_a_download_runs_on_a_worker_and_its_progress_can_be_polled(
    celery_worker, client_factory, org_a, index, packages_dir, package_files
):
    admin = client_factory(org_a["admin"])
    response = admin.post(DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json")
    assert response.status_code == 202, response.content
    download = response.json()
    assert download["state"] == "queued"

    deadline = time.monotonic() + 60
    while download["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        download = admin.get(f"{DOWNLOADS}/{download['id']}").json()
    assert download["state"] == "done", download
    size = package_files["nl-en"].stat().st_size
    assert download["received_bytes"] == download["total_bytes"] == size
    assert "nl-en" in _installed()
    assert [row["id"] for row in admin.get(DOWNLOADS).json()] == [download["id"]]
    listing = admin.get(INDEX).json()["packages"]
    assert {item["status"] for item in listing if item["from_code"] == "nl"} == {"installed"}


def test_one_download_of_a_pair_at_a_time(client_factory, org_a, org_b, index, packages_dir):
    first = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json"
    )
    assert first.status_code == 202
    # The package is the server's: another organisation's admin cannot start it twice either.
    again = client_factory(org_b["admin"]).post(
        DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    other_pair = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "en", "to_code": "nl"}, format="json"
    )
    assert other_pair.status_code == 202

    package_download(download_id=first.json()["id"])
    assert (
        client_factory(org_b["admin"])
        .post(DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json")
        .status_code
        == 202
    )


def test_a_pair_the_index_does_not_have_is_a_400_on_the_field(client_factory, org_a, index, packages_dir):
    response = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "nl", "to_code": "pl"}, format="json"
    )
    assert response.status_code == 400
    assert "to_code" in response.json()["fields"]
    response = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "../x", "to_code": "en"}, format="json"
    )
    assert response.status_code == 400
    assert "from_code" in response.json()["fields"]


def _start_and_run(client, pair: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from_code, to_code = pair.split("-")
    response = client.post(DOWNLOADS, {"from_code": from_code, "to_code": to_code}, format="json")
    assert response.status_code == 202, response.content
    package_download(download_id=response.json()["id"])  # what the worker runs
    return client.get(f"{DOWNLOADS}/{response.json()['id']}").json()


@pytest.mark.parametrize(
    ("served", "change", "code"),
    [
        ("nl-en", {"sha256": "0" * 64}, "checksum"),
        ("nl-en", {"size": 10**12}, "too_large"),
        ("en-pl", {}, "wrong_pair"),  # the index says nl→en, the package's metadata en→pl
    ],
)
def test_a_bad_download_fails_with_its_reason_and_installs_nothing(
    client_factory, org_a, site, settings, packages_dir, package_files, served, change, code
):
    entry = {**index_entry(site, "nl-en", package_files[served], name="translate-nl_en.argosmodel"), **change}
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, [entry])
    download = _start_and_run(client_factory(org_a["admin"]), "nl-en")
    assert (download["state"], download["error_code"]) == ("failed", code)
    assert not _installed()
    assert not _leftovers(packages_dir)


def test_a_download_over_the_upload_limit_without_a_size_in_the_index_is_stopped(
    client_factory, org_a, site, settings, packages_dir, package_files
):
    entry = index_entry(site, "nl-en", package_files["nl-en"])
    del entry["size"]
    site.files["/packages/translate-nl_en.argosmodel"] = (
        package_files["nl-en"].read_bytes(),
        -1,
    )  # no length
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, [entry])
    settings.TRANSLATION_UPLOAD_MAX_BYTES = 1000
    download = _start_and_run(client_factory(org_a["admin"]), "nl-en")
    assert (download["state"], download["error_code"]) == ("failed", "too_large")
    assert not _installed()
    assert not _leftovers(packages_dir)


def test_an_unsafe_file_name_in_the_index_is_refused(
    client_factory, org_a, site, settings, packages_dir, package_files
):
    entry = index_entry(site, "nl-en", package_files["nl-en"], name="..%2F..%2Fevil.argosmodel")
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, [entry])
    download = _start_and_run(client_factory(org_a["admin"]), "nl-en")
    assert (download["state"], download["error_code"]) == ("failed", "unsafe_name")
    assert not _installed()
    assert not (packages_dir.parent / "evil.argosmodel").exists()


def test_a_download_cut_halfway_leaves_nothing_and_can_be_started_again(
    client_factory, org_a, index, site, packages_dir, package_files
):
    body = package_files["nl-en"].read_bytes()
    site.put("/packages/translate-nl_en.argosmodel", body[: len(body) // 2], announce=len(body))
    admin = client_factory(org_a["admin"])
    download = _start_and_run(admin, "nl-en")
    assert download["state"] == "failed"
    assert download["error_code"] in ("unreachable", "incomplete")
    assert not _installed()
    assert not _leftovers(packages_dir)

    site.put("/packages/translate-nl_en.argosmodel", body)  # the connection is back
    assert _start_and_run(admin, "nl-en")["state"] == "done"
    assert _installed() == {"nl-en"}


def test_an_index_out_of_reach_or_not_json_is_said_so(client_factory, org_a, site, settings, packages_dir):
    admin = client_factory(org_a["admin"])
    settings.TRANSLATION_PACKAGE_INDEX_URL = site.url + "/missing.json"
    assert admin.get(INDEX).json() == {"reachable": False, "problem": "unreachable", "packages": []}
    response = admin.post(DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "index_unavailable"

    settings.TRANSLATION_PACKAGE_INDEX_URL = site.put("/index.json", b"<html>Not an index</html>")
    assert admin.get(INDEX).json() == {"reachable": False, "problem": "index_invalid", "packages": []}


@pytest.mark.parametrize("role", [Role.HR, Role.TEAM_LEAD, Role.COLLEAGUE, Role.NEWCOMER])
def test_only_an_admin_reaches_the_downloads(client_factory, org_a, index, packages_dir, role):
    started = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json"
    )
    client = client_factory(org_a[role])
    assert client.get(INDEX).status_code == 403
    assert client.get(DOWNLOADS).status_code == 403
    assert client.post(DOWNLOADS, {"from_code": "en", "to_code": "nl"}, format="json").status_code == 403
    assert client.get(f"{DOWNLOADS}/{started.json()['id']}").status_code == 403


def test_another_organisations_admin_does_not_see_the_download(
    client_factory, org_a, org_b, index, packages_dir
):
    started = client_factory(org_a["admin"]).post(
        DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json"
    )
    other = client_factory(org_b["admin"])
    assert other.get(f"{DOWNLOADS}/{started.json()['id']}").status_code == 404
    assert other.get(DOWNLOADS).json() == []


def test_a_download_whose_worker_died_no_longer_blocks_the_pair(client_factory, org_a, index, packages_dir):
    from django.utils import timezone

    from welkom.translation.models import PackageDownload
    from welkom.translation.services import DOWNLOAD_STALE_SECONDS

    admin = client_factory(org_a["admin"])
    first = admin.post(DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json").json()
    PackageDownload.objects.filter(pk=first["id"]).update(
        state=PackageDownload.State.RUNNING,
        updated_at=timezone.now() - timezone.timedelta(seconds=DOWNLOAD_STALE_SECONDS + 1),
    )
    again = admin.post(DOWNLOADS, {"from_code": "nl", "to_code": "en"}, format="json")
    assert again.status_code == 202, again.content
    old = admin.get(f"{DOWNLOADS}/{first['id']}").json()
    assert (old["state"], old["error_code"]) == ("failed", "interrupted")
    package_download(download_id=first["id"])  # a late run of the dead task does nothing
    assert admin.get(f"{DOWNLOADS}/{first['id']}").json()["state"] == "failed"
