"""Each role logs in through the real UI in Chromium on a 360 px wide phone screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    "newcomer": re.compile(r"^Welcome, "),
    "hr": re.compile(r"^HR overview$"),
    "team_lead": re.compile(r"^Your team, "),
    "colleague": re.compile(r"^Hello "),
    "admin": re.compile(r"^Administration$"),
}


def _login(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_each_role_logs_in_and_sees_its_home(phone, live_server, demo, role):
    page = phone.new_page()
    _login(page, live_server, demo[role].email)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    expect(page.locator(f"[data-role='{role}']")).to_be_visible()
    # Teams are under "Me", not on the start screen.
    expect(page.get_by_role("heading", name="Teams")).to_have_count(0)
    page.goto(f"{live_server.url}/me")
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()
    expect(page.get_by_role("heading", name="Platform")).to_be_visible()
    # nothing is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_shows_a_clear_message(phone, live_server, demo):
    page = phone.new_page()
    _login(page, live_server, demo["hr"].email, password="wrong")
    expect(page.get_by_role("alert")).to_contain_text("e-mail address or password is not right")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_language_switch_to_dutch_is_remembered(phone, live_server, demo):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome"))
    # the choice is saved on the account; wait for that before reloading (slow machines)
    with page.expect_response(lambda r: r.url.endswith("/api/me") and r.request.method == "PATCH"):
        page.get_by_label("Language").select_option("nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welkom, "))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welkom, "))
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_hr_invites_and_the_newcomer_accepts_in_the_browser(phone, live_server, demo, settings, browser):
    import re as _re

    from django.core import mail

    from config.celery import app

    app.conf.task_always_eager = True
    try:
        page = phone.new_page()
        _login(page, live_server, demo["hr"].email)
        expect(page.get_by_role("heading", level=1)).to_have_text("HR overview")
        page.get_by_label("E-mail address").fill("mira@example.test")
        page.get_by_label("Name", exact=True).fill("Mira Kowalska")
        page.get_by_role("button", name="Send invitation").click()
        sent = page.get_by_role("status").filter(has_text="Invitation sent to mira@example.test")
        expect(sent).to_be_visible()
        link = _re.search(r"/invite/\S+", mail.outbox[-1].body).group(0)
    finally:
        app.conf.task_always_eager = False

    newcomer = browser.new_context(viewport={"width": 360, "height": 740})
    page = newcomer.new_page()
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome to {demo.organisation.name}")
    page.get_by_label("New password").fill("mira-chooses-a-good-one")
    page.get_by_role("button", name="Set password and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Mira Kowalska")
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("alert")).to_contain_text("already used")
    newcomer.close()
