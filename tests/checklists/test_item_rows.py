"""Checklist items (and their documents) are built as plain dicts (ChecklistItemSerializer's and
ChecklistDocumentSerializer's ``to_representation``) rather than by DRF's walk over their fields;
the fields stay declared for the API schema. These tests hold the plain rows to what those fields
give: the same keys in the same order and the same JSON, byte for byte, for every item of a
newcomer (open, done, not applicable, waiting, retired, with a document, with a municipality note
and amounts), read by the newcomer and HR, in English and Dutch."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.checklists.conftest import PDF, make_profile
from welkom.checklists import selectors, services
from welkom.checklists.apis import _context
from welkom.checklists.models import ChecklistItem, ItemStatus
from welkom.checklists.serializers import ChecklistDocumentSerializer, ChecklistItemSerializer
from welkom.newcomers.services import profile_update

pytestmark = pytest.mark.django_db


def _item(profile: Any, slug: str, key: str) -> ChecklistItem:
    return ChecklistItem.objects.get(
        checklist__profile=profile, template_item__template__slug=slug, template_item__key=key
    )


@pytest.fixture
def profile(org_a, templates):
    today = timezone.localdate()
    profile = make_profile(org_a, arrival_on=today, first_day_on=today)
    newcomer, hr = org_a["newcomer"], org_a["hr"]
    services.item_update(
        item=_item(profile, "housing", "temporary-housing"), changed_by=newcomer, status="done"
    )
    brp = _item(profile, "arrival-registration", "register-brp")
    services.item_update(
        item=brp, changed_by=hr, status=ItemStatus.NOT_APPLICABLE, not_applicable_reason="Done abroad"
    )
    services.document_upload(
        item=_item(profile, "housing", "rental-contract"),
        uploaded_by=newcomer,
        upload=SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf"),
    )
    profile_update(profile=profile, changed_by=hr, tenure="buying")  # retires the rental contract
    return profile


@pytest.mark.parametrize("reader", ["newcomer", "hr"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_item_is_what_its_fields_give(profile, org_a, reader, language):
    user = org_a[reader]
    user.language = language
    request = RequestFactory().get("/")
    request.user = user
    items = list(
        ChecklistItem.objects.filter(checklist__profile=profile)
        .select_related("template_item__template")
        .prefetch_related("documents")
        .order_by("id")
    )
    seen = {"retired": False, "waiting": False, "documents": False, "note": False, "amounts": False}
    with translation.override(language):
        context = _context(request, profile)  # type: ignore[arg-type]
        assert context["municipality"] is not None
        for item in items:
            plain = ChecklistItemSerializer(item, context=context).data
            walked = serializers.ModelSerializer.to_representation(
                ChecklistItemSerializer(context=context), item
            )
            assert list(plain) == list(walked)
            assert JSONRenderer().render(plain) == JSONRenderer().render(walked)
            seen["retired"] |= plain["retired"] is not None
            seen["waiting"] |= bool(plain["waiting_for"])
            seen["documents"] |= bool(plain["documents"])
            seen["note"] |= plain["local_note_html"] is not None
            seen["amounts"] |= bool(plain["amounts"])
            for document in item.documents.all():
                assert JSONRenderer().render(
                    ChecklistDocumentSerializer(document).data
                ) == JSONRenderer().render(
                    serializers.ModelSerializer.to_representation(ChecklistDocumentSerializer(), document)
                )
    assert seen == dict.fromkeys(seen, True), seen


def test_upcoming_items_answer_is_the_plain_rows(client_factory, org_a, profile):
    answer = client_factory(org_a["newcomer"]).get("/api/checklists/upcoming?page_size=3")
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert len(results) == 3
    upcoming = list(selectors.upcoming_items(org_a["newcomer"], profile)[:3])
    assert [row["id"] for row in results] == [item.pk for item in upcoming]
