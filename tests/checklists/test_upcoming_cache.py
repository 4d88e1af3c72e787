"""The upcoming items' answer is kept under a fingerprint of every row it shows
(welkom.core.answers, checklists.selectors.upcoming_rows). Each test reads the answer (the second
read comes from the cache: the session, its user, the profile and the fingerprint), changes one
thing the answer shows the way no service would tell anyone (a bulk ``update()``) and reads again:
the answer must be the one built from scratch (the cache emptied), and differ from the first. The
clock is the other input: the answer holds until the newcomer's midnight (Django's clock, set by
the test)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checklists.conftest import PDF, make_profile
from tests.clocks import DjangoClock
from tests.factories import OrganisationFactory
from welkom.accounts.models import User
from welkom.checklists import selectors, services
from welkom.checklists.models import (
    Checklist,
    ChecklistDocument,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    MunicipalityNote,
)
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db

URL = "/api/checklists/upcoming?page_size=100"
ARRIVAL = date(2026, 11, 16)
READ_AT = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    return DjangoClock(monkeypatch, READ_AT)


@pytest.fixture
def profile(org_a, templates, clock) -> NewcomerProfile:
    """A newcomer in Eindhoven with a child, a document on an upcoming item and one item done."""
    profile = make_profile(
        org_a,
        arrival_on=ARRIVAL,
        first_day_on=ARRIVAL,
        children=[{"first_name": "Sam", "birth_date": date(2019, 5, 1)}],
    )
    upcoming = list(selectors.upcoming_items(org_a["newcomer"], profile))
    services.document_upload(
        item=upcoming[1],
        uploaded_by=org_a["newcomer"],
        upload=SimpleUploadedFile("lease.pdf", PDF, content_type="application/pdf"),
    )
    services.item_update(item=upcoming[2], changed_by=org_a["newcomer"], status="done")
    return profile


def _first(profile: NewcomerProfile) -> ChecklistItem:
    return selectors.upcoming_items(profile.user, profile).select_related("template_item__template")[0]


def _reopen(profile: NewcomerProfile) -> None:
    ChecklistItem.objects.filter(checklist__profile=profile, status="done").update(status="open")


def _note(profile: NewcomerProfile) -> None:
    ref = _first(profile).template_item.ref
    MunicipalityNote.objects.filter(slug="eindhoven").update(
        item_notes={ref: {"en": "<p>Ask at the desk.</p>"}}
    )


def _other_organisation(profile: NewcomerProfile) -> None:
    other = OrganisationFactory()
    Checklist.objects.filter(pk=_first(profile).checklist_id).update(organisation=other)


def _languages_spoken(profile: NewcomerProfile) -> None:
    NewcomerProfile.objects.filter(pk=profile.pk).update(languages_spoken=[])


CHANGES: dict[str, Callable[[NewcomerProfile], Any]] = {
    "an item's status": lambda p: ChecklistItem.objects.filter(pk=_first(p).pk).update(status="in_progress"),
    "an item done": lambda p: ChecklistItem.objects.filter(pk=_first(p).pk).update(status="done"),
    "an item reopened (the count)": _reopen,
    "an item's due date": lambda p: ChecklistItem.objects.filter(pk=_first(p).pk).update(
        due_on=date(2027, 1, 5)
    ),
    "an item's note": lambda p: ChecklistItem.objects.filter(pk=_first(p).pk).update(note="Bring the lease"),
    "a document": lambda p: ChecklistDocument.objects.filter(item__checklist__profile=p).update(
        original_name="other.pdf"
    ),
    "a template item's text": lambda p: ChecklistTemplateItem.objects.filter(
        pk=_first(p).template_item_id
    ).update(title={"en": "Changed"}),
    "a template's drafted languages": lambda p: ChecklistTemplate.objects.filter(
        pk=_first(p).template_item.template_id
    ).update(drafted=["en"]),
    "a checklist's organisation": _other_organisation,
    "the municipality's note": _note,
    "the profile's municipality": lambda p: NewcomerProfile.objects.filter(pk=p.pk).update(
        municipality="amsterdam"
    ),
    "the profile's time zone": lambda p: NewcomerProfile.objects.filter(pk=p.pk).update(
        time_zone="Pacific/Kiritimati"
    ),
    "the profile's languages": _languages_spoken,
    "the reader's language": lambda p: User.objects.filter(pk=p.user_id).update(language="nl"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_any_row_shown_gives_the_new_answer(client_factory, org_a, profile, change):
    if change == "the profile's languages":  # Polish first, then Dutch: a title only in Dutch and English
        User.objects.filter(pk=profile.user_id).update(language="pl")
        NewcomerProfile.objects.filter(pk=profile.pk).update(languages_spoken=["nl"])
        ChecklistTemplateItem.objects.filter(pk=_first(profile).template_item_id).update(
            title={"nl": "Alleen Nederlands", "en": "Only English"}
        )
    client = client_factory(org_a["newcomer"])
    first = client.get(URL)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL)
    assert again.content == first.content
    assert len(captured) == 3, [entry["sql"][:80] for entry in captured]  # session, user, fingerprint
    CHANGES[change](profile)
    changed = client.get(URL)
    cache.clear()
    fresh = client.get(URL)
    assert changed.content == fresh.content
    assert changed.content != first.content


def test_the_answer_holds_until_the_newcomers_midnight(client_factory, org_a, profile, clock):
    NewcomerProfile.objects.filter(pk=profile.pk).update(time_zone="Asia/Kolkata")
    client = client_factory(org_a["newcomer"])
    clock.now = datetime(2026, 11, 20, 18, 29, tzinfo=UTC)  # 23:59 in Kolkata
    first = client.get(URL)
    assert client.get(URL).content == first.content
    clock.now = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)  # midnight there
    changed = client.get(URL)
    cache.clear()
    assert changed.content == client.get(URL).content
    assert changed.content != first.content
    assert changed.json()["results"][0]["days_left"] == first.json()["results"][0]["days_left"] - 1


def test_each_url_has_its_own_answer(client_factory, org_a, profile):
    client = client_factory(org_a["newcomer"])
    pages = [
        client.get("/api/checklists/upcoming", query).json()
        for query in ({"page_size": "3"}, {"page_size": "3", "page": "2"})
    ]
    assert pages[0]["results"] != pages[1]["results"]
    assert pages[0]["next"].endswith("page=2&page_size=3")
    other_host = client.get("/api/checklists/upcoming", {"page_size": "3"}, HTTP_HOST="localhost")
    assert other_host.json()["next"].startswith("http://localhost/")
    assert client.get("/api/checklists/upcoming", {"page_size": "3", "page": "99"}).status_code == 404


def test_an_answer_asked_for_with_other_parameters_is_built_and_not_kept(client_factory, org_a, profile):
    """The key holds the URL: kept for any made-up parameter, a reader could fill the cache."""
    client = client_factory(org_a["newcomer"])
    url = f"{URL}&made-up=1"
    first = client.get(url)
    assert first.status_code == 200
    assert first.json()["results"] == client.get(URL).json()["results"]
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url)
    assert again.content == first.content
    assert len(captured) > 4  # built again: nothing was kept for it


def test_a_kept_answer_is_only_for_a_reader_who_still_has_that_profile(client_factory, org_a, profile):
    """A kept answer is served without reading the profile first: the fingerprint holds the reader's
    row and their profile, so a profile gone, moved to another organisation or a reader who is no
    longer a newcomer gets what the endpoint answers them, not the kept items."""
    client = client_factory(org_a["newcomer"])
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200  # kept

    other = OrganisationFactory()
    NewcomerProfile.objects.filter(pk=profile.pk).update(organisation=other)
    assert client.get(URL).status_code == 404
    NewcomerProfile.objects.filter(pk=profile.pk).update(organisation=org_a.organisation)
    assert client.get(URL).status_code == 200

    User.objects.filter(pk=profile.user_id).update(role="colleague")  # may not read checklists
    assert client.get(URL).status_code == 403
    User.objects.filter(pk=profile.user_id).update(role="newcomer")
    assert client.get(URL).status_code == 200

    NewcomerProfile.objects.filter(pk=profile.pk).delete()
    assert client.get(URL).status_code == 404
