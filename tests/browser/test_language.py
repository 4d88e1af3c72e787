"""The language screens in Chromium: the newcomer's phone view and HR's planner."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_login import _login
from welkom.language import services
from welkom.newcomers.models import NewcomerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def profile(demo):
    return NewcomerProfile.objects.create(
        organisation=demo.organisation, user=demo["newcomer"], team=demo.team, time_zone="Europe/Amsterdam"
    )


def every_evening():
    return [{"weekday": day, "start": "07:00", "end": "08:00"} for day in range(7)] + [
        {"weekday": day, "start": "19:00", "end": "20:00"} for day in range(7)
    ]


def test_newcomer_sees_this_week_logs_study_and_adds_the_calendar(phone, live_server, demo, profile):
    services.plan_create(
        profile=profile,
        created_by=demo["hr"],
        current_level="A0",
        target_level="A1",
        target_date=timezone.localdate() + timedelta(days=200),
        starts_on=timezone.localdate(),
        lesson_hours_per_week=4,
        self_study_hours_per_week=3,
        availability=every_evening(),
        course_format="external_course",
    )
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    page.get_by_role("navigation", name="Main sections").get_by_role("link", name="Me").click()
    expect(page.get_by_role("heading", name="Your Dutch lessons")).to_be_visible()
    expect(page.get_by_text("On track")).to_be_visible()
    expect(page.get_by_test_id("next-milestone")).to_contain_text("Level A1")
    expect(page.locator(".sessions li").first).to_be_visible()

    page.get_by_label("Minutes").fill("45")
    page.get_by_role("button", name="Save study time").click()
    expect(page.get_by_role("status").filter(has_text="Saved 45 minutes")).to_be_visible()
    expect(page.get_by_text("0.8 of 60 hours done")).to_be_visible()

    page.get_by_role("button", name="Add to calendar").click()
    link = page.get_by_role("link", name="Open in calendar app")
    expect(link).to_have_attribute("href", re.compile(r"^webcal://.+/api/language/calendar/\d+/.+\.ics$"))
    # Copying the address is the main button; a new address (which revokes the old) asks first.
    expect(page.get_by_role("button", name="Copy address")).to_have_class(re.compile(r"\bprimary\b"))
    address = page.locator("#calendar-url").input_value()
    page.get_by_role("button", name="Make a new address").click()
    question = page.get_by_role("group", name=re.compile("^A new address replaces the old one"))
    question.get_by_role("button", name="Cancel").click()
    expect(question).to_have_count(0)
    expect(page.locator("#calendar-url")).to_have_value(address)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hr_gets_instant_feedback_and_applies_the_nearest_option(browser, live_server, demo, profile):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, live_server, demo["hr"].email)
    page.get_by_role("link", name="Open language plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dutch language plans")
    page.get_by_label("Newcomer").select_option(str(profile.pk))
    page.get_by_label("Target level").select_option("B1")
    page.get_by_label("Reach the target by").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    feedback = page.get_by_test_id("feasibility")
    expect(feedback).to_contain_text("Not reachable in time.")
    expect(page.get_by_role("button", name="Save plan")).to_be_disabled()
    page.get_by_role("button", name=re.compile("^Later date")).click()
    expect(feedback).to_contain_text("Reachable.")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("status").filter(has_text="is saved")).to_be_visible()
    overview = page.locator("table.overview")
    expect(overview).to_contain_text("B1")
    expect(overview).to_contain_text("On track")
    overview.get_by_label("Level found").select_option("A1")
    overview.get_by_role("button", name="Record level check").click()
    expect(overview.get_by_role("status")).to_contain_text("Level check A1 recorded.")
    expect(overview).to_contain_text("Level A2")  # the next milestone moved on
    overview.get_by_role("button", name="Re-plan").click()
    expect(overview.get_by_role("status")).to_contain_text("planned again")
    context.close()
