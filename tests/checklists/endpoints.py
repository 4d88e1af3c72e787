"""Who may reach each checklist endpoint (see tests/checklists/test_permissions.py)."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "checklist-list": {"get": {"newcomer", "hr", "admin"}},
    "checklist-upcoming": {"get": {"newcomer"}},
    "checklist-changes": {"get": {"newcomer", "hr", "admin"}},
    "checklist-municipality": {"get": {"newcomer", "hr", "admin"}},
    "checklist-municipalities": {"get": {"hr", "admin"}},
    "checklist-board": {"get": {"hr", "admin"}},
    "checklist-board-export": {"get": {"hr", "admin"}},
    "checklist-item-detail": {"get": {"newcomer", "hr", "admin"}, "patch": {"newcomer", "hr"}},
    "checklist-item-documents": {"get": {"newcomer", "hr"}, "post": {"newcomer", "hr"}},
    "checklist-document-detail": {"get": {"newcomer", "hr"}, "delete": {"newcomer", "hr"}},
}


def _item(scope):  # type: ignore[no-untyped-def]
    """An open item on a checklist of the scope's newcomer."""
    from datetime import date

    from welkom.checklists.models import Checklist, ChecklistItem, ChecklistTemplate, ChecklistTemplateItem

    template, _ = ChecklistTemplate.objects.get_or_create(
        slug="matrix", defaults={"category": "housing", "title": {"en": "Matrix"}, "content_hash": "matrix"}
    )
    template_item, _ = ChecklistTemplateItem.objects.get_or_create(
        template=template,
        key="contract",
        defaults={
            "title": {"en": "Contract"},
            "body_html": {"en": "<p>Sign.</p>"},
            "source_url": "https://example.org/",
            "checked_on": date(2026, 1, 1),
        },
    )
    checklist = Checklist.objects.create(
        organisation=scope.organisation, profile=scope.profile, template=template
    )
    return ChecklistItem.objects.create(checklist=checklist, template_item=template_item)


def _document(scope, caller):  # type: ignore[no-untyped-def]
    """A PDF the scope's newcomer attached to their item (tests/core/conftest.py keeps it in tmp)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from welkom.checklists.services import document_upload

    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    document = document_upload(
        item=_item(scope), uploaded_by=scope.newcomer, upload=SimpleUploadedFile("contract.pdf", pdf)
    )
    return {"pk": document.pk}


OBJECTS = {
    "checklist-item-detail": lambda scope, caller: {"pk": _item(scope).pk},
    "checklist-item-documents": lambda scope, caller: {"pk": _item(scope).pk},
    "checklist-document-detail": _document,
}
# A newcomer sees their own checklists only; HR (and admin, for the items) the whole organisation.
OTHER_TEAM: dict[str, set[str]] = {}
