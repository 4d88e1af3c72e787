"""The newcomer's phone: today and next, mark a step done; HR assigns a journey."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_login import _login
from tests.journeys.conftest import make_profile
from welkom.content.loader import SyncReport
from welkom.journeys import dispatch, services
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate, PlanStep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def template(settings, transactional_db):
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    return JourneyTemplate.objects.get(slug="ict-kennismigrant")


def test_newcomer_sees_today_and_marks_a_step_done_on_the_phone(phone, live_server, demo, template):
    today = timezone.localdate()
    profile = make_profile(demo, arrival=today + timedelta(days=28), first_day=today + timedelta(days=35))
    plan = services.plan_create(profile=profile, template=template, created_by=demo["hr"])
    dispatch.dispatch_tick(now=timezone.now() + timedelta(days=3))
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", name="Today and next")).to_be_visible()
    expect(page.get_by_text("Now: Before arrival")).to_be_visible()
    step = page.locator(
        "section[aria-labelledby='today-title'] li.step", has_text="Read: direct feedback at Dutch workplaces"
    )
    step.get_by_role("button", name="Done").click()
    expect(step).to_have_count(0)  # done: gone from "now"
    assert PlanStep.objects.get(plan=plan, key="read-direct-feedback").state == "done"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hr_assigns_a_journey_and_opens_the_timeline(browser, live_server, demo, template):
    make_profile(demo)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, live_server, demo["hr"].email)
    page.get_by_label("Assign a journey").select_option("ict-kennismigrant")
    page.get_by_role("link", name=demo["newcomer"].full_name).click()
    expect(page.get_by_role("heading", name="Before arrival")).to_be_visible()
    expect(page.get_by_role("heading", name="Month 6")).to_be_visible()
    page.get_by_label("Title").fill("Flowers on the desk")
    page.get_by_role("button", name="Add a step").click()
    expect(page.get_by_text("Flowers on the desk")).to_be_visible()
    context.close()
