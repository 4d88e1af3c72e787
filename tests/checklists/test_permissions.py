"""Roles that may not reach each checklist endpoint get 403; other organisations' objects are 404."""

import pytest

from tests.checklists.conftest import PDF, make_profile
from tests.checklists.endpoints import ENDPOINTS
from welkom.checklists.models import ChecklistDocument, ChecklistItem

pytestmark = pytest.mark.django_db

ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"]


@pytest.fixture
def setup(org_a, templates):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from welkom.checklists.services import document_upload

    profile = make_profile(org_a)
    item = ChecklistItem.objects.get(checklist__profile=profile, template_item__key="rental-contract")
    document = document_upload(
        item=item, uploaded_by=org_a["newcomer"], upload=SimpleUploadedFile("c.pdf", PDF)
    )
    return profile, item, document


def _calls(profile, item, document):
    q = f"?newcomer={profile.pk}"
    return {
        ("checklist-list", "get"): ("get", f"/api/checklists{q}", None),
        ("checklist-upcoming", "get"): ("get", "/api/checklists/upcoming", None),
        ("checklist-changes", "get"): ("get", f"/api/checklists/changes{q}", None),
        ("checklist-municipality", "get"): ("get", f"/api/checklists/municipality{q}", None),
        ("checklist-municipalities", "get"): ("get", "/api/checklists/municipalities", None),
        ("checklist-board", "get"): ("get", "/api/checklists/board", None),
        ("checklist-board-export", "get"): ("get", "/api/checklists/board.csv", None),
        ("checklist-item-detail", "get"): ("get", f"/api/checklist-items/{item.pk}", None),
        ("checklist-item-detail", "patch"): ("patch", f"/api/checklist-items/{item.pk}", {"note": "x"}),
        ("checklist-item-documents", "get"): ("get", f"/api/checklist-items/{item.pk}/documents", None),
        ("checklist-item-documents", "post"): ("post", f"/api/checklist-items/{item.pk}/documents", "upload"),
        ("checklist-document-detail", "get"): ("get", f"/api/checklist-documents/{document.pk}", None),
        ("checklist-document-detail", "delete"): ("delete", f"/api/checklist-documents/{document.pk}", None),
    }


def _call(client, method, url, body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if body == "upload":
        return client.post(url, {"file": SimpleUploadedFile("n.pdf", PDF)}, format="multipart")
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


def test_every_endpoint_is_tested_here(setup):
    assert {(name, method) for name, methods in ENDPOINTS.items() for method in methods} == set(
        _calls(*setup)
    )


@pytest.mark.parametrize("role", ROLES)
def test_roles_that_may_not_act_get_403(client_factory, org_a, setup, role):
    client = client_factory(org_a[role])
    for (name, method), (verb, url, body) in _calls(*setup).items():
        allowed = ENDPOINTS[name][method]
        status = _call(client, verb, url, body).status_code
        if role in allowed:
            assert status in (200, 201, 204), (name, method, role, status)
        else:
            assert status == 403, (name, method, role, status)


@pytest.mark.parametrize("role", ["newcomer", "hr", "admin"])
def test_other_organisations_objects_are_404(client_factory, org_a, org_b, setup, role):
    client = client_factory(org_b[role])
    for (name, method), (verb, url, body) in _calls(*setup).items():
        if role not in ENDPOINTS[name][method] or name.startswith("checklist-board"):
            continue
        if name in ("checklist-upcoming", "checklist-municipalities"):
            continue  # no id: the caller's own (upcoming) or the content's list (municipalities)
        response = _call(client, verb, url, body)
        assert response.status_code == 404, (name, method, role, response.status_code)
        assert response.json()["code"] == "not_found"
    assert ChecklistDocument.objects.count() == 1
    assert ChecklistItem.objects.get(pk=setup[1].pk).note == ""


def test_board_never_shows_another_organisation(client_factory, org_a, org_b, setup):
    make_profile(org_b)
    rows = client_factory(org_b["hr"]).get("/api/checklists/board").json()["results"]
    assert [row["email"] for row in rows] == [org_b["newcomer"].email]
    csv_text = b"".join(client_factory(org_b["hr"]).get("/api/checklists/board.csv").streaming_content)
    assert org_a["newcomer"].email.encode() not in csv_text


def test_a_newcomer_cannot_read_another_newcomers_checklists(client_factory, org_a, setup):
    from tests.factories import UserFactory

    other = UserFactory(organisation=org_a.organisation, role="newcomer")
    make_profile(org_a, user=other)
    client = client_factory(other)
    profile, item, _ = setup
    assert client.get(f"/api/checklists?newcomer={profile.pk}").status_code == 404
    assert client.get(f"/api/checklist-items/{item.pk}").status_code == 404
    assert (
        client.patch(f"/api/checklist-items/{item.pk}", {"status": "done"}, format="json").status_code == 404
    )


def test_hr_must_say_whose_checklists(client_factory, org_a, setup):
    response = client_factory(org_a["hr"]).get("/api/checklists")
    assert response.status_code == 400
    assert "newcomer" in response.json()["fields"]
