"""Files in S3-compatible object storage (WELKOM_STORAGE=s3), against a real S3 server on 127.0.0.1
(moto in server mode): documents and exports land in the bucket, go out only through Welkom's
permission-checked views, and erasure deletes the objects."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.privacy.helpers import PDF, newcomer_with_profile, traces_everywhere
from welkom.checklists.models import ChecklistDocument
from welkom.core.storage import NoPublicUrl
from welkom.privacy import services
from welkom.privacy.models import ExportRequest

pytestmark = pytest.mark.django_db

NAME = "Ilse Brandhorst"
EMAIL = "ilse.brandhorst@alpha.test"


@pytest.fixture
def person(org_a, client_factory, s3_storage, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # must stay empty: nothing goes to the local disk
    settings.PRIVATE_STORAGE_ROOT = str(tmp_path / "private")
    person = newcomer_with_profile(org_a, full_name=NAME, email=EMAIL)
    person.traces = traces_everywhere(org_a, person, client_factory, name=NAME)
    return person


def _download(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_a_document_is_kept_in_the_bucket_and_goes_out_only_through_welkom(
    org_a, client_factory, person, s3_storage, tmp_path
):
    document = ChecklistDocument.objects.get(pk=person.traces["document"])
    key = f"documents/{document.file.name}"
    assert s3_storage.keys("documents/") == [key]
    assert s3_storage.read(key) == PDF
    assert not (tmp_path / "media").exists()

    download = client_factory(person).get(f"/api/checklist-documents/{document.pk}")
    assert download.status_code == 200
    assert _download(download) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"
    # The store hands out no URL, signed or not: the view above is the only way out.
    with pytest.raises(NoPublicUrl):
        document.file.url
    # Roles that must not reach it do not, although the object is one request away in the bucket.
    url = f"/api/checklist-documents/{document.pk}"
    assert client_factory(org_a["newcomer"]).get(url).status_code == 404
    assert client_factory(org_a["colleague"]).get(url).status_code == 403


def test_an_export_is_built_into_the_bucket_and_downloaded_through_welkom(client_factory, person, s3_storage):
    export = services.export_request_create(user=person)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert s3_storage.keys("private/exports/") == [f"private/{export.file.name}"]
    download = client_factory(person).get(f"/api/privacy/exports/{export.pk}/download")
    assert download.status_code == 200, download.content
    archive = zipfile.ZipFile(io.BytesIO(_download(download)))
    assert any(name.endswith("-contract.pdf") for name in archive.namelist())


def test_erasure_deletes_the_objects_from_the_bucket(
    org_a, client_factory, person, s3_storage, django_capture_on_commit_callbacks
):
    export = services.export_request_create(user=person)
    services.export_build(export_id=export.pk)
    assert len(s3_storage.keys("documents/")) == 1
    assert len(s3_storage.keys("private/exports/")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_factory(org_a["admin"]).post(
            "/api/privacy/erasures", {"user": person.pk, "confirm_email": EMAIL}, format="json"
        )
    assert response.status_code == 201, response.content
    assert not ChecklistDocument.objects.filter(pk=person.traces["document"]).exists()
    assert not ExportRequest.objects.filter(user=person).exists()
    assert s3_storage.keys() == []
