from __future__ import annotations

from datetime import date, time

import pytest
from django.conf import settings

from welkom.content.loader import SyncReport
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate, TemplateStage, TemplateStep
from welkom.newcomers import services as newcomer_services
from welkom.newcomers.models import NewcomerProfile


@pytest.fixture
def default_template(db) -> JourneyTemplate:
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    return JourneyTemplate.objects.get(slug="ict-kennismigrant")


@pytest.fixture
def small_template(db) -> JourneyTemplate:
    """Two stages, four steps, one dependency: enough to see every rule."""
    template = JourneyTemplate.objects.create(slug="small", title={"en": "Small", "nl": "Klein"})
    before = TemplateStage.objects.create(
        template=template, key="before", position=0, anchor="arrival", offset_days=-3, title={"en": "Before"}
    )
    first = TemplateStage.objects.create(
        template=template,
        key="first-day",
        position=1,
        anchor="first_day",
        offset_days=0,
        title={"en": "Day 1"},
    )
    TemplateStep.objects.create(
        stage=before,
        key="read",
        position=0,
        kind="module",
        ref="direct-feedback",
        owner="newcomer",
        offset=0,
        local_time=time(9),
        title={"en": "Read the module", "nl": "Lees de module"},
        body={"en": "Ten minutes."},
    )
    TemplateStep.objects.create(
        stage=before,
        key="laptop",
        position=1,
        kind="task",
        owner="hr",
        offset=1,
        offset_unit="working",
        local_time=time(10),
        title={"en": "Order the laptop"},
    )
    TemplateStep.objects.create(
        stage=first,
        key="welcome",
        position=0,
        kind="meeting",
        owner="team_lead",
        offset=0,
        offset_unit="working",
        local_time=time(9),
        title={"en": "Welcome"},
        after=["laptop"],
    )
    TemplateStep.objects.create(
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
    profile = NewcomerProfile.objects.create(
        organisation=org.organisation, user=user or org["newcomer"], team=org.team
    )
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
