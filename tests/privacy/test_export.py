import io
import json
import time
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.privacy.helpers import newcomer_with_profile
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_record
from welkom.core import privacy_registry as registry
from welkom.privacy import services
from welkom.privacy.models import ExportRequest, ExportStatus


@pytest.fixture
def newcomer(org_a):
    return newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_an_export_holds_everything_about_the_person_and_nobody_else(
    client_factory, org_a, newcomer, django_capture_on_commit_callbacks
):
    other = newcomer_with_profile(org_a, full_name="Tomasz Nowak", email="tomasz@alpha.test")
    audit_record(actor=org_a["hr"], action="viewed", subject_user=newcomer, object_type="newcomer_profile")
    client = client_factory(newcomer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/api/privacy/exports")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert len(queued) == 1
    export_id = response.json()["id"]
    services.export_build(export_id=export_id)  # what the task does

    status = client.get(f"/api/privacy/exports/{export_id}").json()
    assert (status["status"], status["progress"]) == ("ready", 100)
    download = client.get(f"/api/privacy/exports/{export_id}/download")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "no-store" in download["Cache-Control"]
    archive = _zip(download)
    text = archive.read("data.json").decode()
    data = json.loads(text)
    assert set(data) >= {s.name for s in registry.sources()}
    assert data["account"]["account"]["email"] == "meera@alpha.test"
    assert data["newcomer_profile"]["profile"]["municipality"] == "eindhoven"
    assert data["newcomer_profile"]["children"][0]["first_name"] == "Meera-junior"
    assert data["audit"]["access_to_your_data"][0]["by_role"] == "hr"
    for foreign in (other.full_name, other.email, "Tomasz", org_a["hr"].full_name, org_a["hr"].email):
        assert foreign not in text


@pytest.mark.django_db
def test_documents_registered_by_an_app_land_in_the_zip(client_factory, newcomer):
    source = registry.DataSource(
        name="zz_documents",
        export=lambda user: registry.PersonalData(
            data={"files": 1},
            documents=[registry.ExportDocument(name="rental-contract.pdf", open=lambda: io.BytesIO(b"%PDF"))],
        ),
    )
    registry.register_source(source)
    try:
        export = services.export_request_create(user=newcomer)
        services.export_build(export_id=export.pk)
        download = client_factory(newcomer).get(f"/api/privacy/exports/{export.pk}/download")
        archive = _zip(download)
        assert archive.read("documents/zz_documents/rental-contract.pdf") == b"%PDF"
        assert json.loads(archive.read("data.json"))["zz_documents"] == {"files": 1}
    finally:
        registry._sources.pop("zz_documents")


@pytest.mark.django_db
def test_nobody_else_can_see_or_download_an_export(client_factory, org_a, org_b, newcomer):
    export = services.export_request_create(user=newcomer)
    services.export_build(export_id=export.pk)
    for person in (org_a["hr"], org_a["admin"], org_a["team_lead"], org_b["admin"]):
        client = client_factory(person)
        assert client.get(f"/api/privacy/exports/{export.pk}").status_code == 404
        assert client.get(f"/api/privacy/exports/{export.pk}/download").status_code == 404
    assert client_factory().get(f"/api/privacy/exports/{export.pk}/download").status_code in (401, 403)


@pytest.mark.django_db
def test_one_export_at_a_time(client_factory, newcomer):
    client = client_factory(newcomer)
    assert client.post("/api/privacy/exports").status_code == 202
    second = client.post("/api/privacy/exports")
    assert second.status_code == 409
    assert second.json()["code"] == "export_in_progress"


@pytest.mark.django_db
def test_expired_exports_lose_their_file_and_cannot_be_downloaded(client_factory, newcomer):
    export = services.export_request_create(user=newcomer)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    ExportRequest.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_factory(newcomer).get(f"/api/privacy/exports/{export.pk}/download").status_code == 410
    assert services.exports_expire() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert not export.file
    assert not storage.exists(name)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_export_in_the_background(celery_worker, client_factory, org_a):
    newcomer = newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")
    client = client_factory(newcomer)
    export_id = client.post("/api/privacy/exports").json()["id"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = client.get(f"/api/privacy/exports/{export_id}").json()
        if body["status"] == "ready":
            break
        time.sleep(0.2)
    assert body["status"] == "ready", body
    assert body["progress"] == 100
    assert client.get(f"/api/privacy/exports/{export_id}/download").status_code == 200


def test_personal_files_are_served_as_downloads_with_safe_types():
    from django.core.files.base import ContentFile

    from welkom.privacy.files import private_file_response, safe_content_type

    assert safe_content_type("application/pdf; charset=binary") == "application/pdf"
    assert safe_content_type("text/html") == "application/octet-stream"
    assert safe_content_type("image/svg+xml") == "application/octet-stream"
    response = private_file_response(
        ContentFile(b"<script>", name="x.html"), filename="x.html", content_type="text/html"
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_downloading_ones_own_export_is_recorded_though_looking_at_ones_own_data_is_not(
    client_factory, newcomer
):
    """Only a person's own *views* stay out of the audit log: a download of all their data (which
    could be someone else at their unlocked phone) is an action they can find in their own log."""
    export = services.export_request_create(user=newcomer)
    services.export_build(export_id=export.pk)
    client = client_factory(newcomer)
    assert client.get("/api/newcomers/me").status_code == 200
    assert client.get(f"/api/privacy/exports/{export.pk}/download").status_code == 200
    entries = list(
        AuditEntry.objects.filter(subject_user=newcomer).values_list("actor", "action", "object_type")
    )
    assert entries == [(newcomer.pk, "downloaded", "export")]
    mine = client.get("/api/audit/me").json()["results"]
    assert [(e["actor"]["id"], e["action"]) for e in mine] == [(newcomer.pk, "downloaded")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "ar"])
def test_the_export_has_a_read_me_in_the_persons_language(client_factory, newcomer, language):
    from django.utils.translation import gettext, override

    newcomer.language = language
    newcomer.save(update_fields=["language"])
    client = client_factory(newcomer)
    export_id = client.post("/api/privacy/exports").json()["id"]
    services.export_build(export_id=export_id)
    archive = _zip(client.get(f"/api/privacy/exports/{export_id}/download"))
    readme = archive.read("README.txt").decode()
    with override(language):
        title = gettext("Your data from Welkom")
        about = gettext("Everything Welkom holds about you, per part of the application.")
    assert title != "Your data from Welkom"
    assert readme.startswith(title)
    assert "Meera Iyer" in readme
    assert json.loads(archive.read("data.json"))["about"] == about


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_failed_export_says_so_in_the_readers_language(client_factory, newcomer, language):
    """An app whose data cannot be read makes the export fail; the row keeps a code, and the reader
    is told in their own language (in whatever language they read it later)."""

    def broken(user):
        raise OSError("the disk went away")

    newcomer.language = language
    newcomer.save(update_fields=["language"])
    registry.register_source(registry.DataSource(name="zz_broken", export=broken))
    try:
        client = client_factory(newcomer)
        export_id = client.post("/api/privacy/exports").json()["id"]
        with pytest.raises(OSError, match="the disk went away"):
            services.export_build(export_id=export_id)
    finally:
        registry._sources.pop("zz_broken")
    assert ExportRequest.objects.get(pk=export_id).error == "build_failed"
    shown = client.get(f"/api/privacy/exports/{export_id}").json()
    assert shown["status"] == "failed"
    expected = {
        "pl": "Nie udało się przygotować eksportu; poproś o niego ponownie.",
        "en": "Building the export failed; please ask again.",
    }
    assert shown["error"] == expected[language]
