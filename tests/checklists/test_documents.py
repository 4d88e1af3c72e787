"""Documents attached to items: private storage, type and size limits, only the newcomer and HR."""

from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from tests.checklists.conftest import JPEG, PDF, PNG, make_profile
from welkom.checklists import services
from welkom.checklists.models import ChecklistDocument, ChecklistItem
from welkom.core.errors import ApiError

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(org_a, templates):
    profile = make_profile(org_a)
    return ChecklistItem.objects.get(checklist__profile=profile, template_item__key="rental-contract")


def _upload(client, item, name, content, content_type="application/pdf"):
    return client.post(
        f"/api/checklist-items/{item.pk}/documents",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("contract.pdf", PDF, "application/pdf"),
        ("scan.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_the_newcomer_attaches_and_downloads_a_document(
    client_factory, org_a, item, name, content, stored_type, private_media
):
    client = client_factory(org_a["newcomer"])
    response = _upload(client, item, name, content, content_type="text/html")  # the claimed type is ignored
    assert response.status_code == 201, response.content
    document = ChecklistDocument.objects.get(pk=response.json()["id"])
    assert document.content_type == stored_type
    path = Path(storages["documents"].path(document.file.name))  # the local store's own folder
    assert path.is_relative_to(private_media)  # under var/media, never under static or a served folder
    assert name not in path.name  # stored under a random name
    download = client.get(f"/api/checklist-documents/{document.pk}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == stored_type
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    listed = client.get(f"/api/checklist-items/{item.pk}").json()["documents"]
    assert [d["original_name"] for d in listed] == [name]


def test_hr_may_read_the_document_but_admin_and_team_lead_may_not(client_factory, org_a, item):
    document_id = _upload(client_factory(org_a["newcomer"]), item, "c.pdf", PDF).json()["id"]
    assert client_factory(org_a["hr"]).get(f"/api/checklist-documents/{document_id}").status_code == 200
    for role in ("admin", "team_lead", "colleague"):
        assert (
            client_factory(org_a[role]).get(f"/api/checklist-documents/{document_id}").status_code == 403
        ), role
    admin_view = client_factory(org_a["admin"]).get(f"/api/checklist-items/{item.pk}").json()
    assert admin_view["documents"] == []  # admin sees the item, never the papers


def test_a_file_that_is_too_large_is_refused(client_factory, org_a, item, settings):
    big = PDF + b"0" * (settings.CHECKLIST_DOCUMENT_MAX_BYTES + 1 - len(PDF))
    response = _upload(client_factory(org_a["newcomer"]), item, "big.pdf", big)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "file" in response.json()["fields"]
    assert not ChecklistDocument.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"), [("en", "At most 1.5 MB."), ("nl", "Hoogstens 1,5 MB."), ("pl", "Najwyżej 1,5 MB.")]
)
def test_a_limit_of_one_and_a_half_megabytes_is_written_as_the_reader_writes_numbers(
    org_a, item, settings, language, said
):
    """Through the API the upload handler refuses first (its own message, same numbers); the service
    says it too, for a caller that hands it a file the handler did not see."""
    settings.CHECKLIST_DOCUMENT_MAX_BYTES = 3 * 1024 * 1024 // 2
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    with override(language), pytest.raises(ApiError) as refused:
        services.document_upload(item=item, uploaded_by=org_a["newcomer"], upload=big)
    assert refused.value.fields["file"] == [said]
    assert refused.value.status_code == 413
    assert not ChecklistDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.pdf", b"<html><script>alert(1)</script></html>"),  # a pdf name, not a pdf
        ("contract.exe", PDF),  # a pdf, not a pdf name
        ("image.png", JPEG),  # the name and the content disagree
        ("notes.txt", b"hello"),
        ("empty.pdf", b""),
    ],
)
def test_wrong_types_are_refused(client_factory, org_a, item, name, content, private_media):
    response = _upload(client_factory(org_a["newcomer"]), item, name, content)
    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert not ChecklistDocument.objects.exists()
    assert not any(p.is_file() for p in private_media.rglob("*")) if private_media.exists() else True


def test_another_persons_document_is_refused(client_factory, org_a, org_b, item, templates):
    from tests.factories import UserFactory

    document_id = _upload(client_factory(org_a["newcomer"]), item, "c.pdf", PDF).json()["id"]
    other_newcomer = UserFactory(organisation=org_a.organisation, role="newcomer")
    make_profile(org_a, user=other_newcomer)
    other = client_factory(other_newcomer)
    assert other.get(f"/api/checklist-documents/{document_id}").status_code == 404
    assert other.delete(f"/api/checklist-documents/{document_id}").status_code == 404
    assert other.get(f"/api/checklist-items/{item.pk}/documents").status_code == 404
    assert _upload(other, item, "mine.pdf", PDF).status_code == 404
    for role in ("newcomer", "hr"):
        outsider = client_factory(org_b[role])
        assert outsider.get(f"/api/checklist-documents/{document_id}").status_code == 404
        assert _upload(outsider, item, "x.pdf", PDF).status_code == 404
    assert ChecklistDocument.objects.count() == 1


def test_the_newcomer_removes_a_document_and_the_file_goes(
    client_factory, org_a, item, django_capture_on_commit_callbacks
):
    client = client_factory(org_a["newcomer"])
    document = ChecklistDocument.objects.get(pk=_upload(client, item, "c.pdf", PDF).json()["id"])
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/checklist-documents/{document.pk}").status_code == 204
    assert not ChecklistDocument.objects.exists()
    assert not storage.exists(name)
