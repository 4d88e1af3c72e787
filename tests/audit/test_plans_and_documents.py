"""Looking at a newcomer's journey plan, checklist items and documents is recorded for them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.privacy.helpers import PDF, newcomer_with_profile
from welkom.audit.models import AuditEntry
from welkom.checklists.models import ChecklistItem
from welkom.checklists.services import checklists_reconcile
from welkom.content.services import content_sync
from welkom.journeys import services as journey_services
from welkom.journeys.models import JourneyTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(org_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    content_sync(root=settings.CONTENT_DIR, kinds=["modules", "checklists", "journeys"])
    person = newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")
    checklists_reconcile(profile=person.newcomer_profile)
    return person


def test_viewing_a_plan_and_downloading_a_document_show_up_in_the_newcomers_audit(
    client_factory, org_a, newcomer
):
    profile = newcomer.newcomer_profile
    template = JourneyTemplate.objects.order_by("slug").first()
    plan = journey_services.plan_create(profile=profile, template=template, created_by=org_a["hr"])
    item = ChecklistItem.objects.get(checklist__profile=profile, template_item__key="rental-contract")
    newcomer_client = client_factory(newcomer)
    document_id = newcomer_client.post(
        f"/api/checklist-items/{item.pk}/documents",
        {"file": SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    ).json()["id"]
    assert not AuditEntry.objects.exists()  # the newcomer's own uploads and reads are not recorded

    hr = client_factory(org_a["hr"])
    assert hr.get(f"/api/journeys/plans/{plan.pk}").status_code == 200
    download = hr.get(f"/api/checklist-documents/{document_id}")
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"  # private_file_response
    assert hr.get(f"/api/checklist-items/{item.pk}").status_code == 200

    mine = newcomer_client.get("/api/audit/me").json()["results"]
    seen = {(entry["actor"]["id"], entry["action"], entry["object_type"]) for entry in mine}
    assert seen == {
        (org_a["hr"].pk, "viewed", "journey_plan"),
        (org_a["hr"].pk, "downloaded", "checklist_document"),
        (org_a["hr"].pk, "viewed", "checklist_item"),
    }
    assert not AuditEntry.objects.exclude(subject_user=newcomer).exists()


def test_list_pages_record_one_entry_per_person_shown(client_factory, org_a, newcomer):
    assert client_factory(org_a["hr"]).get("/api/checklists/board").status_code == 200
    assert AuditEntry.objects.filter(
        subject_user=newcomer, action="viewed", object_type="checklist_board_row"
    ).exists()


def test_module_reports_record_the_newcomers_shown(client_factory, org_a, newcomer):
    assert client_factory(org_a["hr"]).get("/api/modules/reports/newcomers").status_code == 200
    assert AuditEntry.objects.filter(
        subject_user=newcomer, actor=org_a["hr"], object_type="module_progress"
    ).exists()
