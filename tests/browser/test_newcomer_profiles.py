"""HR adds a newcomer on the phone (with a child), fixes a date error, assigns a journey, then edits
the arrival date on a desktop screen and sees the change in the history."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import _serious_violations
from tests.browser.test_login import _login
from welkom.accounts.models import Invitation
from welkom.content.loader import SyncReport
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import Plan
from welkom.newcomers.models import NewcomerProfile, ProfileChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def templates(settings, transactional_db):
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())


def test_hr_adds_a_newcomer_and_edits_the_profile(browser, phone, live_server, demo, templates):
    page = phone.new_page()
    _login(page, live_server, demo["hr"].email)
    page.get_by_role("link", name="Add newcomer").click()
    expect(page.get_by_role("heading", name="Add newcomer")).to_be_visible()

    page.get_by_label("E-mail", exact=True).fill("ravi@alpha.test")
    page.get_by_label("Name", exact=True).fill("Ravi Kumar")
    page.get_by_label("Home country").select_option(label="India")  # pickers, not raw codes
    page.get_by_label("Languages spoken").select_option(label="Hindi")
    page.get_by_label("Languages spoken").select_option(label="English")
    chosen = page.get_by_role("list", name="Chosen").get_by_role("listitem")
    expect(chosen).to_have_text([re.compile("^Hindi"), re.compile("^English")])
    # The time zone field suggests every zone by a readable name; a zone's code is taken too.
    expect(page.locator("datalist option[value^='Tokyo — Japan Standard Time']")).to_have_count(1)
    page.get_by_label("Time zone").fill("Asia/Kolkata")
    page.get_by_label("Offer signed").fill("2026-09-01")
    page.get_by_label("Arrival in the Netherlands").fill("2026-11-10")
    page.get_by_label("First working day").fill("2026-11-02")  # before arrival
    page.get_by_label("Team", exact=True).select_option(label="Platform")
    page.get_by_label("Buddy").select_option(str(demo["colleague"].pk))
    page.get_by_label("Comes with a partner").check()
    page.get_by_role("button", name="Add a child").click()
    child = page.get_by_role("group", name="Child 1")
    child.get_by_label("First name (optional)").fill("Asha")
    child.get_by_label("Birth date").fill("2021-05-04")
    page.get_by_label("Housing").select_option("renting")
    page.get_by_label("Municipality").fill("eindhoven")
    page.get_by_label("Employment", exact=True).select_option("agency")
    page.get_by_label("Accommodation arranged by the employer or the agency").check()
    page.get_by_role("button", name="Add and send invitation").click()

    first_day = page.get_by_label("First working day")
    expect(page.get_by_text("The first working day cannot be before arrival.")).to_be_visible()
    expect(first_day).to_have_attribute("aria-invalid", "true")
    expect(first_day).to_be_focused()  # focus goes to the first field in error, not the top
    expect(first_day).to_be_in_viewport()
    assert not NewcomerProfile.objects.exists()  # nothing half-written
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _serious_violations(page) == []

    first_day.fill("2026-11-16")
    page.get_by_role("button", name="Add and send invitation").click()
    expect(page.get_by_role("heading", name="Ravi Kumar has been added")).to_be_visible()
    profile = NewcomerProfile.objects.get(user__email="ravi@alpha.test")
    assert (profile.arrival_on, profile.first_day_on) == (date(2026, 11, 10), date(2026, 11, 16))
    assert [(c.first_name, c.birth_date) for c in profile.children.all()] == [("Asha", date(2021, 5, 4))]
    assert profile.team == demo.team
    assert profile.team_lead == demo["team_lead"]
    assert profile.buddy == demo["colleague"]
    assert profile.has_partner
    assert profile.home_country == "IN"
    assert profile.languages_spoken == ["hi", "en"]
    assert profile.time_zone == "Asia/Kolkata"
    assert Invitation.objects.filter(email="ravi@alpha.test").exists()
    assert (profile.employment, profile.housing_by_employer) == ("agency", True)

    # The journey that fits the profile comes preselected; HR can still choose another.
    expect(page.get_by_label("Journey template")).to_have_value("agency-worker")
    page.get_by_label("Journey template").select_option("ict-kennismigrant")
    page.get_by_role("button", name="Assign journey").click()
    expect(page.get_by_text("The journey is assigned.")).to_be_visible()
    assert Plan.objects.filter(profile=profile).exists()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        page = desktop.new_page()
        _login(page, live_server, demo["hr"].email)
        row = page.get_by_role("listitem").filter(has_text="Ravi Kumar")
        row.get_by_role("link", name="Edit profile").click()
        expect(page.get_by_role("heading", name="Ravi Kumar", exact=True)).to_be_visible()
        expect(page.get_by_role("group", name="Child 1").get_by_label("Birth date")).to_have_value(
            "2021-05-04"
        )
        page.get_by_label("Arrival in the Netherlands").fill("2026-11-12")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Changes saved.")).to_be_visible()
        change = page.locator("#history-title + ol li[data-field='arrival_on']").first
        expect(change).to_contain_text("Arrival in the Netherlands")
        expect(change).to_contain_text("10 Nov 2026")
        expect(change).to_contain_text("12 Nov 2026")
        assert _serious_violations(page) == []
    finally:
        desktop.close()
    profile.refresh_from_db()
    assert profile.arrival_on == date(2026, 11, 12)
    latest = ProfileChange.objects.filter(profile=profile).first()
    assert latest is not None
    assert latest.changes == {"arrival_on": ["2026-11-10", "2026-11-12"]}


def test_others_are_told_they_may_not_add_newcomers(phone, live_server, demo):
    page = phone.new_page()
    _login(page, live_server, demo["team_lead"].email)
    expect(page.locator("[data-role='team_lead']")).to_be_visible()
    page.goto(f"{live_server.url}/newcomers/new")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.get_by_label("E-mail", exact=True)).to_have_count(0)
