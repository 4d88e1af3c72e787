"""axe-core on every page per role (no serious or critical violations), keyboard use, 200 % zoom."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from welkom.accounts import services
from welkom.newcomers.models import NewcomerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _serious_violations(page) -> list[str]:
    # evaluate() runs outside the page's Content Security Policy, which rightly refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    assert result["testEngine"]["name"] == "axe-core"
    assert len(result["passes"]) > 10  # the rules really ran on this page
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Log in to Welkom")


@pytest.fixture
def planned(demo):
    NewcomerProfile.objects.create(
        organisation=demo.organisation, user=demo["newcomer"], arrival_on=dt.date(2026, 3, 2), team=demo.team
    )
    return demo


def _public_pages(demo):
    invitation = services.invitation_create(
        invited_by=demo["hr"], email="nina@example.test", full_name="Nina", role="newcomer"
    )
    return {
        "login": "/login",
        "forgot password": "/forgot-password",
        "reset password": "/reset-password/xx/yy",
        "invitation": f"/invite/{services.invitation_token(invitation)}",
        "broken invitation": "/invite/not-a-token",
    }


def test_public_pages_have_no_serious_violations(phone, live_server, demo):
    page = phone.new_page()
    found = {}
    for name, path in _public_pages(demo).items():
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        found[name] = _serious_violations(page)
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_home_has_no_serious_violations(phone, live_server, planned, role):
    page = phone.new_page()
    _login(page, live_server, planned[role].email)
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()
    expect(page.get_by_role("status")).to_have_count(0)  # everything loaded
    assert _serious_violations(page) == []


# Pages only some roles open, scanned as the roles that use them.
ROLE_PAGES = {
    "hr": {"translation settings": "/settings/translation", "privacy and audit log": "/settings/privacy"},
    "admin": {"translation settings": "/settings/translation", "privacy and audit log": "/settings/privacy"},
    "newcomer": {"settings refused": "/settings/privacy"},
}


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_role_pages_have_no_serious_violations(phone, live_server, planned, role):
    page = phone.new_page()
    _login(page, live_server, planned[role].email)
    found = {}
    for name, path in ROLE_PAGES[role].items():
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Loading…")).to_have_count(0)
        found[name] = _serious_violations(page)
    assert found == {name: [] for name in found}


def _wait_for_service_worker(page) -> None:
    """The worker is active and controls the page (evaluate() polls: the CSP forbids eval)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(150):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the page")


def test_arabic_and_offline_states_have_no_serious_violations(phone, live_server, planned):
    page = phone.new_page()
    _login(page, live_server, planned["newcomer"].email)
    page.get_by_label("Language").select_option("ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^مرحبًا"))
    assert _serious_violations(page) == []
    _wait_for_service_worker(page)  # it precaches every screen and language before going offline
    phone.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.get_by_role("combobox", name=re.compile("^اللغة")).select_option(
        "pl"
    )  # queued: the pending banner shows too
    expect(page.get_by_text("Jesteś offline.")).to_be_visible()
    expect(page.get_by_text("1 zmiana czeka na wysłanie.")).to_be_visible()
    assert _serious_violations(page) == []
    phone.set_offline(False)
    expect(page.get_by_text("1 zmiana wprowadzona offline została zapisana.")).to_be_visible(timeout=15_000)
    assert _serious_violations(page) == []
    page.close()  # nothing may still talk to the server while the test database is emptied


def test_keyboard_only_newcomer(phone, live_server, planned):
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    expect(page.get_by_label("E-mail address")).to_be_visible()  # the app has rendered
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Log in with the keyboard alone.
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type(planned["newcomer"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome, "))
    # Every control on the home screen is reached by Tab, in order, with a visible focus ring.
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.textContent.trim().slice(0, 20), s.outlineStyle !== 'none'] })()"
        )
        reached.append(focused)
    names = [tag for tag, _, _ in reached]
    assert {"SELECT", "BUTTON", "A"} <= set(names)
    assert all(visible for tag, _, visible in reached if tag != "BODY")


@pytest.mark.parametrize(("width", "height"), [(640, 400), (320, 568)])
def test_text_reflows_at_200_percent_zoom(browser, live_server, planned, width, height):
    """200 % zoom on a 1280 px screen gives a 640 px wide page; WCAG reflow asks for 320 px."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2)
    page = context.new_page()
    for role in ("newcomer", "hr"):
        _login(page, live_server, planned[role].email)
        expect(page.get_by_role("heading", name="Teams")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, role
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Welkom")
    context.close()
