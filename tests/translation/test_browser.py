"""A team lead translates a message on the Translate page, on a 360 px phone, with real packages."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_org
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_lead_translates_and_reads_it_back(phone, live_server, languages):
    lead = make_org("alpha")["team_lead"]
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Translate a message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Translate")
    page.get_by_label("From").select_option("nl")
    page.get_by_label("To").select_option("en")
    page.get_by_label("Your message").fill("Neem je BSN mee naar https://welkom.example, {name}!")
    page.get_by_role("button", name="Translate").click()
    output = page.get_by_test_id("translation-output")
    expect(output).to_contain_text("BSN")
    expect(output).to_contain_text("https://welkom.example")
    expect(output).to_contain_text("{name}")
    expect(page.get_by_role("heading", name="Translated back, to check the meaning")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
