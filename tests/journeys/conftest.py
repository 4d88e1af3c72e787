from __future__ import annotations

from datetime import date, time

import pytest
from django.conf import settings

from tests.journeys.factories import JourneyTemplateFactory, TemplateStageFactory, TemplateStepFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.content.loader import SyncReport
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate
from welkom.newcomers import services as newcomer_services
from welkom.newcomers.models import NewcomerProfile


@pytest.fixture
def default_template(db) -> JourneyTemplate:
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    return JourneyTemplate.objects.get(slug="ict-kennismigrant")


@pytest.fixture
def small_template(db) -> JourneyTemplate:
    """Two stages, four steps, one dependency: enough to see every rule."""
    template = JourneyTemplateFactory(slug="small", title={"en": "Small", "nl": "Klein"})
    before = TemplateStageFactory(
        template=template, key="before", position=0, offset_days=-3, title={"en": "Before"}
    )
    first = TemplateStageFactory(
        template=template, key="first-day", position=1, anchor="first_day", title={"en": "Day 1"}
    )
    TemplateStepFactory(
        stage=before,
        key="read",
        position=0,
        kind="module",
        ref="direct-feedback",
        title={"en": "Read the module", "nl": "Lees de module"},
        body={"en": "Ten minutes."},
    )
    TemplateStepFactory(
        stage=before,
        key="laptop",
        position=1,
        owner="hr",
        offset=1,
        offset_unit="working",
        local_time=time(10),
        title={"en": "Order the laptop"},
    )
    TemplateStepFactory(
        stage=first,
        key="welcome",
        position=0,
        kind="meeting",
        owner="team_lead",
        offset_unit="working",
        title={"en": "Welcome"},
        after=["laptop"],
    )
    TemplateStepFactory(
        stage=first,
        key="coffee",
        position=1,
        kind="meeting",
        owner="buddy",
        offset=2,
        offset_unit="working",
        local_time=time(15),
        title={"en": "Coffee with your buddy"},
    )
    return template


def make_profile(
    org, *, user=None, arrival=date(2026, 11, 2), first_day=date(2026, 11, 9), tz="Europe/Amsterdam"
):
    profile = NewcomerProfileFactory(user=user or org["newcomer"], team=org.team)
    return newcomer_services.profile_update(
        profile=profile,
        changed_by=org["hr"],
        arrival_on=arrival,
        first_day_on=first_day,
        time_zone=tz,
        team_lead=org["team_lead"],
        buddy=org["colleague"],
    )


@pytest.fixture
def profile_a(org_a) -> NewcomerProfile:
    return make_profile(org_a)
