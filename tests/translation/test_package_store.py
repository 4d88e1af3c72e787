"""One language-package store (docs/scaling.md): a package installed by one process reaches every
other process's own folder, checked against its SHA-256 and installed whole; a removal reaches them
too. "Another process" is here a second packages folder (each process has its own); the two-node
test (tests/scale/) does the same with real separate processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from welkom.translation import package_store, packages
from welkom.translation.engine import get_engine
from welkom.translation.models import StoredPackage

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_node(settings, packages_dir, tmp_path):  # type: ignore[no-untyped-def]
    """Switches this process to a second, empty packages folder: another node's local cache."""

    def switch() -> Path:
        folder = tmp_path / "other-node"
        settings.TRANSLATION_PACKAGES_DIR = str(folder)
        return folder

    return switch


def _upload(client, path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return client.post("/api/translation/packages", {"file": handle}, format="multipart")


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".") and path.is_dir())


def test_a_package_uploaded_on_one_node_is_fetched_and_translates_on_another(
    client_factory, org_a, package_files, other_node, s3_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client_factory(org_a["admin"]), package_files["en-pl"]).status_code == 201
    stored = StoredPackage.objects.get(from_code="en", to_code="pl")
    assert s3_storage.keys("packages/") == [f"packages/{stored.file.name}"]
    assert stored.checksum == packages.packages_by_pair()[("en", "pl")].checksum

    folder = other_node()
    assert not folder.exists() or not any(folder.iterdir())
    # The next use on the other node notices the announcement and fetches the package.
    installed = packages.packages_by_pair()
    assert set(installed) == {("en", "pl")}
    assert installed[("en", "pl")].path.parent == folder
    assert installed[("en", "pl")].checksum == stored.checksum
    assert _leftovers(folder) == []
    [[translated]] = get_engine().translate(
        ["Good morning"], source="en", target="pl", glossary={}, html=False, alternatives=0
    )
    assert translated


def test_removal_reaches_every_node(
    client_factory, org_a, package_files, other_node, django_capture_on_commit_callbacks
):
    client = client_factory(org_a["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client, package_files["nl-en"]).status_code == 201
        assert _upload(client, package_files["en-pl"]).status_code == 201
    first = Path(packages.packages_by_pair()[("nl", "en")].path).parent
    other = other_node()
    assert set(packages.packages_by_pair()) == {("nl", "en"), ("en", "pl")}  # the other node has both

    # The first node removes nl→en; the other node drops it on its next use.
    with django_capture_on_commit_callbacks(execute=True):
        package_store.remove(from_code="nl", to_code="en")
    assert set(packages.packages_by_pair()) == {("en", "pl")}
    assert not (other / "translate-nl_en").exists()
    assert StoredPackage.objects.get(from_code="nl", to_code="en").removed_at is not None
    assert first != other


def test_a_replaced_package_replaces_the_copy_on_every_node(
    client_factory, org_a, package_files, other_node, django_capture_on_commit_callbacks
):
    client = client_factory(org_a["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client, package_files["nl-en"]).status_code == 201
    other_node()
    assert packages.packages_by_pair()[("nl", "en")].package_version == "1.0"
    with django_capture_on_commit_callbacks(execute=True):
        package_store.install(package_files["nl-en-v2"])
    assert packages.packages_by_pair()[("nl", "en")].package_version == "1.1"
    assert len(StoredPackage.objects.all()) == 1


def test_a_stored_archive_that_does_not_match_its_checksum_is_never_installed(
    client_factory, org_a, package_files, other_node, s3_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(client_factory(org_a["admin"]), package_files["en-pl"]).status_code == 201
    stored = StoredPackage.objects.get()
    # The object in the bucket is cut short (a copy that broke off halfway).
    whole = s3_storage.read(f"packages/{stored.file.name}")
    s3_storage.server.client().put_object(
        Bucket=s3_storage.name, Key=f"packages/{stored.file.name}", Body=whole[: len(whole) // 2]
    )
    folder = other_node()
    result = package_store.sync()
    assert result.failed == ["en-pl"]
    assert packages.packages_by_pair(synced=False) == {}
    assert _leftovers(folder) == []  # no half-written folder or file stays behind


def test_a_worker_that_starts_with_an_empty_folder_fetches_everything(
    package_files, other_node, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package_store.install(package_files["nl-en"])
        package_store.install(package_files["en-nl"])
    other_node()
    cache.clear()  # Redis was emptied: no announcement to notice on use
    assert packages.packages_by_pair() == {}
    # What a translation worker runs when it starts (welkom.translation.signals), before warming up.
    assert sorted(package_store.sync().fetched) == ["en-nl", "nl-en"]
    assert set(packages.packages_by_pair()) == {("nl", "en"), ("en", "nl")}
