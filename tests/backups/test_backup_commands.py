"""manage.py backup and restore: what they refuse, and the nightly job (failure, retention)."""

import io
import json
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.backups.helpers import all_rows, schema_back
from tests.conftest import make_org
from welkom.accounts.models import Organisation
from welkom.backups import services
from welkom.backups.crypto import key_generate
from welkom.notifications.models import Delivery, Notification
from welkom.privacy.models import ExportRequest, ExportStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stores(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_STORAGE_ROOT = str(tmp_path / "private")
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_KEY = ""
    return tmp_path


def backup() -> Path:
    call_command("backup", stdout=io.StringIO())
    return services.archives()[-1][1]


def restore(archive: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def test_restore_refuses_a_target_in_use_and_replaces_it_when_told(stores):
    make_org("alpha")
    archive = backup()
    make_org("bravo")
    before = all_rows()
    with pytest.raises(
        CommandError, match=r"The target is not empty: .*accounts_organisation \(2\).*--replace"
    ):
        restore(archive)
    assert all_rows() == before  # refused before anything changed
    try:
        assert "Restored the backup" in restore(archive, "--replace")
    finally:
        schema_back()
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["alpha"]


def test_restore_refuses_an_archive_of_a_newer_schema(stores, tmp_path):
    make_org("alpha")
    archive = backup()
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    manifest_path = tmp_path / "unpacked" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("accounts.9999_from_the_future")
    manifest["welkom_version"] = "9.0.0"
    manifest_path.write_text(json.dumps(manifest))
    newer = tmp_path / "newer.tar"
    with tarfile.open(newer, "w") as tar:
        for path in sorted((tmp_path / "unpacked").iterdir()):
            tar.add(path, arcname=path.name)
    before = all_rows()
    with pytest.raises(CommandError, match=r"newer Welkom \(9\.0\.0\).*accounts\.9999_from_the_future"):
        restore(newer, "--replace")
    assert all_rows() == before


def test_an_encrypted_archive_opens_only_with_its_key_and_whole(stores, settings, tmp_path):
    settings.BACKUP_KEY = key_generate()
    right = tmp_path / "right.key"
    right.write_text(settings.BACKUP_KEY + "\n")
    make_org("alpha")
    archive = backup()
    assert archive.name.endswith(".tar.enc")
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="This archive is encrypted"):
        restore(archive)
    wrong = tmp_path / "wrong.key"
    wrong.write_text(key_generate())
    with pytest.raises(CommandError, match="The key does not open this archive"):
        restore(archive, f"--key-file={wrong}")
    cut = tmp_path / "cut.tar.enc"
    cut.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(CommandError, match=r"does not open this archive \(or the archive was changed\)"):
        restore(cut, f"--key-file={right}")
    assert Organisation.objects.filter(slug="alpha").exists()


def test_a_failed_nightly_backup_leaves_no_archive_and_tells_the_admins(stores, settings):
    org = make_org("alpha")
    # A file the database points at that cannot be read (here: a folder where the file should be).
    (stores / "private" / "exports" / "unreadable").mkdir(parents=True)
    ExportRequest.objects.create(
        organisation=org.organisation,
        user=org["newcomer"],
        status=ExportStatus.READY,
        file="exports/unreadable",
    )
    now = datetime(2027, 1, 4, 1, 45, tzinfo=UTC)
    assert services.backup_scheduled(now=now) is None
    assert list(Path(settings.BACKUP_DIR).iterdir()) == []  # nothing half-written is kept
    notification = Notification.objects.get(kind="backup_failed")
    assert notification.recipient == org["admin"]
    assert notification.urgent
    assert Delivery.objects.filter(notification=notification, channel="email", queued_at=now).exists()
    # The next night's failure is a new notification; the same night's is not.
    services.backup_scheduled(now=now + timedelta(minutes=5))
    services.backup_scheduled(now=now + timedelta(days=1))
    assert Notification.objects.filter(kind="backup_failed").count() == 2


def test_a_nightly_backup_is_written_and_old_ones_pruned(stores, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 1, 1
    make_org("alpha")
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir()
    (folder / "welkom-20261201T014500Z.tar").write_bytes(b"old")
    (folder / "welkom-20261202T014500Z.tar.partial").write_bytes(b"half")  # a crashed run's
    written = services.backup_scheduled(now=datetime(2027, 1, 4, 1, 45, tzinfo=UTC))
    assert written is not None
    assert sorted(path.name for path in folder.iterdir()) == ["welkom-20270104T014500Z.tar"]


def test_retention_keeps_the_newest_of_n_days_and_m_weeks(tmp_path):
    start = datetime(2026, 11, 1, 1, 45, tzinfo=UTC)  # a Sunday
    for day in range(36):  # one archive a night, two on the last night
        (tmp_path / f"welkom-{start + timedelta(days=day):%Y%m%dT%H%M%SZ}.tar").write_bytes(b"x")
    (tmp_path / "welkom-20261206T120000Z.tar.enc").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not an archive")
    deleted = services.backups_prune(folder=tmp_path, keep_daily=3, keep_weekly=3)
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == [
        "notes.txt",
        "welkom-20261122T014500Z.tar",  # Sunday: the newest of its ISO week
        "welkom-20261129T014500Z.tar",
        "welkom-20261204T014500Z.tar",  # the last three days
        "welkom-20261205T014500Z.tar",
        "welkom-20261206T120000Z.tar.enc",  # the newest of its day and of its week
    ]
    assert len(deleted) == 37 - 5
