from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings as django_settings

from tests.newcomers.factories import NewcomerProfileFactory
from welkom.checklists.models import ChecklistItem
from welkom.content.services import content_sync
from welkom.newcomers import services as newcomer_services
from welkom.newcomers.models import NewcomerProfile

ARRIVAL = date(2026, 11, 2)
FIRST_DAY = date(2026, 11, 9)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def templates(db):  # type: ignore[no-untyped-def]
    """The real checklist content from content/checklists/, loaded through the shared pipeline."""
    return content_sync(root=django_settings.CONTENT_DIR, kinds=["checklists"])


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def make_profile(org: Any, user: Any = None, **data: Any) -> NewcomerProfile:
    """A newcomer profile as HR creates it (through the service, so listeners run)."""
    defaults: dict[str, Any] = {"arrival_on": ARRIVAL, "first_day_on": FIRST_DAY, "municipality": "eindhoven"}
    profile = NewcomerProfileFactory(user=user or org["newcomer"], team=org.team)
    return newcomer_services.profile_update(
        profile=profile, changed_by=org["hr"], created=True, **{**defaults, **data}
    )


def refs(profile: NewcomerProfile, *, retired: bool = False) -> set[str]:
    """The current (or retired) items of a profile as 'template/key' or 'template/key@child'."""
    items = ChecklistItem.objects.filter(checklist__profile=profile, retired_at__isnull=not retired)
    return {
        item.template_item.ref + (f"@{item.child_name}" if item.child_name else "")
        for item in items.select_related("template_item__template")
    }
