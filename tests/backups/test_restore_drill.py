"""The restore drill (docs/operations.md): an organisation in use is backed up with
``manage.py backup``, the database and the file store are wiped, ``manage.py restore`` brings the
archive back into the empty database and an empty folder, and everything is as it was: every
table's rows, every file's checksum. A newcomer signs in and sees their plan, and a person erased
before the backup stays erased. Runs on both stacks (PostgreSQL and SQLite lanes)."""

import io

import pytest
from django.core.management import call_command

from tests.backups.helpers import all_rows, file_checksums, schema_back, wipe_database
from tests.chat.conftest import DOUBLE
from tests.conftest import make_org
from tests.privacy.helpers import newcomer_with_profile, traces_everywhere
from tests.privacy.test_erasure import tables_mentioning
from welkom.accounts.models import TeamMembership, User
from welkom.backups.crypto import key_generate
from welkom.chat import services as chat
from welkom.chat.models import Message, MessageTranslation
from welkom.checklists.models import ChecklistDocument
from welkom.journeys.models import JourneyTemplate, Plan
from welkom.journeys.services import plan_create
from welkom.privacy import services as privacy

KEPT = ("Mihaela Ionescu", "mihaela.ionescu@drill.test")
ERASED = ("Zbigniew Kowalczyk", "zbigniew.kowalczyk@drill.test")


@pytest.mark.django_db(transaction=True)
def test_an_organisation_restores_from_its_backup_into_an_empty_instance(settings, tmp_path, client_factory):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.BACKUP_KEY = key_generate()
    org = make_org("drill")
    kept = newcomer_with_profile(org, full_name=KEPT[0], email=KEPT[1])
    traces_everywhere(org, kept, client_factory, name=KEPT[0])
    erased = newcomer_with_profile(org, full_name=ERASED[0], email=ERASED[1])
    TeamMembership.objects.create(team=org.team, user=erased)
    chat.message_post(
        channel=chat.team_channel_sync(team=org.team), author=erased, body=f"I am {ERASED[0]}", language="en"
    )
    plan_create(
        profile=erased.newcomer_profile, template=JourneyTemplate.objects.first(), created_by=org["hr"]
    )
    chat.reading_language_set(user=org["colleague"], language="nl")
    for message in Message.objects.all():
        chat.message_translate(message_id=message.pk)
    privacy.erasure_perform(person=erased, erased_by=org["admin"], confirm_email=ERASED[1])
    # What the drill starts from: plans, checklists with documents, translated chat, an erasure.
    assert Plan.objects.filter(profile__user=kept).exists()
    assert ChecklistDocument.objects.filter(uploaded_by=kept).exists()
    assert MessageTranslation.objects.exists()
    assert tables_mentioning(*ERASED) == []
    rows, files = all_rows(), file_checksums(tmp_path / "media")
    assert files
    assert sum(map(len, rows.values())) > 100

    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").iterdir()
    assert archive.name.endswith(".tar.enc")
    assert KEPT[1].encode() not in archive.read_bytes()  # encrypted with the operator's key

    try:
        wipe_database()
        settings.MEDIA_ROOT = str(tmp_path / "restored-media")
        call_command("restore", str(archive), stdout=out)
        assert all_rows() == rows
        assert file_checksums(tmp_path / "restored-media") == files
    finally:
        schema_back()

    client = client_factory().login_as(User.objects.get(email=KEPT[1]))
    plan = Plan.objects.get(profile__user__email=KEPT[1])
    response = client.get(f"/api/journeys/plans/{plan.pk}")
    assert response.status_code == 200, response.content
    assert any(
        f"Lunch with {KEPT[0]}" in str(step) for stage in response.json()["stages"] for step in stage["steps"]
    )
    document = ChecklistDocument.objects.filter(uploaded_by__email=KEPT[1]).first()
    download = client.get(f"/api/checklist-documents/{document.pk}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == document.file.open("rb").read()
    # Erased before the backup, erased after the restore.
    assert tables_mentioning(*ERASED) == []
    assert (
        client_factory()
        .post(
            "/api/auth/login", {"email": ERASED[1], "password": "correct-horse-battery-staple"}, format="json"
        )
        .status_code
        != 200
    )
