"""The upcoming items' answer (``/api/checklists/upcoming``) reads its page and the count of all
its items in one query (core.pagination.CountingPaginator) and builds the items waiting for others
only when an item shown waits for some. These tests hold that answer, page by page and byte for
byte, to the one built the plain way: counted first, then the page, with DRF's own walk over
ChecklistItemSerializer's fields; and they count the queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from tests.checklists.conftest import PDF, make_profile
from welkom.checklists import selectors, services
from welkom.checklists.apis import _context
from welkom.checklists.models import ChecklistItem, MunicipalityNote
from welkom.checklists.serializers import ChecklistItemSerializer
from welkom.core.pagination import PageNumberPagination
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db

URL = "/api/checklists/upcoming"


def _plain_answer(user: Any, profile: NewcomerProfile, query: dict[str, str]) -> bytes:
    """The answer as the view gave it before it read only what it shows."""
    django_request = APIRequestFactory().get(URL, query)
    force_authenticate(django_request, user=user)
    django_request.user = user
    request = Request(django_request)
    request._user = user  # type: ignore[attr-defined]
    paginator = PageNumberPagination()
    items = selectors.upcoming_items(user, profile).prefetch_related("documents")
    page = paginator.paginate_queryset(items, request)
    assert page is not None
    context = _context(request, profile)
    walk = serializers.ModelSerializer.to_representation
    rows = [walk(ChecklistItemSerializer(context=context), item) for item in page]
    return bytes(JSONRenderer().render(paginator.get_paginated_response(rows).data))


def _upcoming(profile: NewcomerProfile) -> list[ChecklistItem]:
    return list(selectors.upcoming_items(profile.user, profile))


@pytest.fixture
def profile(org_a, templates):
    """A newcomer with a child (items per child, items waiting for others), a municipality note on
    some items, a document on an upcoming item."""
    today = timezone.localdate()
    profile = make_profile(
        org_a,
        arrival_on=today,
        first_day_on=today,
        children=[{"first_name": "Sam", "birth_date": date(2019, 5, 1)}],
    )
    upcoming = _upcoming(profile)
    assert len(upcoming) > 10
    services.document_upload(
        item=upcoming[1],
        uploaded_by=org_a["newcomer"],
        upload=SimpleUploadedFile("lease.pdf", PDF, content_type="application/pdf"),
    )
    note = MunicipalityNote.objects.get(slug="eindhoven")
    note.item_notes = {**note.item_notes, upcoming[4].template_item.ref: {"en": "<p>Ask at the desk.</p>"}}
    note.save()
    return profile


READERS = [
    ("en", []),
    ("nl", []),
    ("pl", ["nl"]),
    ("ar", ["en", "nl"]),
    ("de", ["tr"]),  # an interface language Welkom does not speak: English
]


@pytest.mark.parametrize(("language", "spoken"), READERS)
def test_every_page_is_the_plain_answer(client_factory, org_a, profile, language, spoken):
    user = org_a["newcomer"]
    user.language = language
    user.save(update_fields=["language"])
    NewcomerProfile.objects.filter(pk=profile.pk).update(languages_spoken=spoken)
    profile.refresh_from_db()
    client = client_factory(user)
    count = len(_upcoming(profile))
    queries = [{"page_size": "3", "page": str(page)} for page in range(1, -(-count // 3) + 1)]
    queries += [{}, {"page_size": "100"}, {"page_size": "3", "page": "last"}, {"page_size": "5", "page": "2"}]
    for query in queries:
        answer = client.get(URL, query)
        assert answer.status_code == 200, query
        assert client.get(URL, query).content == answer.content  # the second from the cache
        user.refresh_from_db()
        assert answer.content == _plain_answer(user, profile, query), query


def test_pages_past_the_last_and_no_items_answer_as_before(client_factory, org_a, profile):
    client = client_factory(org_a["newcomer"])
    count = len(_upcoming(profile))
    assert client.get(URL, {"page_size": "3", "page": str(-(-count // 3) + 1)}).status_code == 404
    assert client.get(URL, {"page": "0"}).status_code == 404
    assert client.get(URL, {"page": "two"}).status_code == 404
    ChecklistItem.objects.filter(checklist__profile=profile).update(status="done")
    answer = client.get(URL, {"page_size": "3"})
    assert answer.status_code == 200
    assert answer.content == _plain_answer(org_a["newcomer"], profile, {"page_size": "3"})
    assert answer.json()["count"] == 0


def test_the_page_and_its_count_come_in_one_query(client_factory, org_a, profile):
    """Built afresh (the cache emptied), the answer reads the newcomer's items once: the page with
    its count (before: a count first, in a query of its own); and once more only when an item
    shown waits for others."""
    client = client_factory(org_a["newcomer"])
    for query in [{"page_size": "1"}, {"page_size": "3"}, {"page_size": "3", "page": "2"}, {}]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(URL, query)
        assert answer.status_code == 200
        assert answer.json()["count"] == len(_upcoming(profile))
        shown = ChecklistItem.objects.filter(pk__in=[row["id"] for row in answer.json()["results"]])
        waits = any(item.template_item.depends_on for item in shown.select_related("template_item"))
        items = [
            entry["sql"] for entry in captured if entry["sql"].startswith('SELECT "checklists_checklistitem"')
        ]
        assert len(items) == 1 + waits, "\n".join(entry["sql"][:90] for entry in captured)
        assert not any(entry["sql"].startswith("SELECT COUNT(*)") for entry in captured)
