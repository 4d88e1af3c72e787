from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import InvitationFactory
from tests.privacy.helpers import newcomer_with_profile
from welkom.accounts.models import Invitation
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_record
from welkom.newcomers.models import ProfileChange
from welkom.privacy import services

pytestmark = pytest.mark.django_db


def test_hr_reads_and_admin_sets_retention_per_kind(client_factory, org_a, org_b):
    rows = client_factory(org_a["hr"]).get("/api/privacy/retention").json()
    assert {row["kind"] for row in rows} >= {"audit_log", "invitations", "profile_history", "export_requests"}
    admin = client_factory(org_a["admin"])
    response = admin.patch("/api/privacy/retention/audit_log", {"keep_days": 30}, format="json")
    assert response.status_code == 200
    assert response.json()["keep_days"] == 30
    assert services.retention_days(organisation_id=org_b.organisation.pk)["audit_log"] == 730
    assert admin.patch("/api/privacy/retention/nothing", {"keep_days": 3}, format="json").status_code == 404
    bad = admin.patch("/api/privacy/retention/audit_log", {"keep_days": 0}, format="json")
    assert bad.status_code == 400
    assert "keep_days" in bad.json()["fields"]
    hr = client_factory(org_a["hr"]).patch("/api/privacy/retention/audit_log", {"keep_days": 9})
    assert hr.status_code == 403


def test_the_beat_job_purges_what_is_older_than_the_rules(client_factory, org_a, org_b):
    newcomer = newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")
    old = timezone.now() - timedelta(days=40)
    audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="x")
    audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="y")
    audit_record(actor=org_b["hr"], action="viewed", subject_user=org_b["newcomer"], object_type="x")
    # Entries are append-only, so create the old ones directly with an old timestamp instead.
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                organisation=org_a.organisation,
                actor=org_a["hr"],
                action="viewed",
                subject_user=newcomer,
                object_type="old",
                at=old,
            ),
            AuditEntry(
                organisation=org_b.organisation,
                actor=org_b["hr"],
                action="viewed",
                subject_user=org_b["newcomer"],
                object_type="old",
                at=old,
            ),
        ]
    )
    ProfileChange.objects.filter(profile__user=newcomer).update(changed_at=old)
    InvitationFactory(user=newcomer, created_at=old)
    services.retention_set(organisation=org_a.organisation, kind="audit_log", keep_days=30)
    services.retention_set(organisation=org_a.organisation, kind="profile_history", keep_days=30)
    services.retention_set(organisation=org_a.organisation, kind="invitations", keep_days=30)

    totals = services.retention_apply()

    assert totals["audit_log"] == 1  # org_b keeps the default of two years
    assert set(AuditEntry.objects.values_list("object_type", flat=True)) == {"x", "y", "old"}
    assert AuditEntry.objects.filter(organisation=org_b.organisation, object_type="old").exists()
    assert not ProfileChange.objects.filter(profile__user=newcomer).exists()
    assert not Invitation.objects.filter(nonce="n1").exists()


def test_read_aloud_audio_is_purged_with_its_file_after_its_days(org_a, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from welkom.privacy.storage import private_storage
    from welkom.speech.models import SpeechAudio, SpeechStatus

    now = timezone.now()

    def audio(key: str, age: timedelta) -> SpeechAudio:
        name = private_storage().save(f"speech/{key}.wav", ContentFile(b"RIFF0000WAVE"))
        return SpeechAudio.objects.create(
            organisation=org_a.organisation,
            key=key * 64,
            language="pl",
            ssml="<speak>Dzień dobry</speak>",
            status=SpeechStatus.READY,
            audio=name,
            updated_at=now - age,
        )

    old, recent = audio("a", timedelta(days=31)), audio("b", timedelta(days=29))
    assert services.retention_days(organisation_id=org_a.organisation.pk)["speech_audio"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        purged = services.retention_apply(now=now)
    assert purged["speech_audio"] == 1
    assert list(SpeechAudio.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not private_storage().exists(old.audio.name)
    assert private_storage().exists(recent.audio.name)
