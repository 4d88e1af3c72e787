"""The built frontend runs under the strict Content Security Policy without a single violation;
HR sets up two-step login in the browser; a newcomer sees who looked at their data and downloads it."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import PASSWORD
from welkom.audit.services import audit_record
from welkom.newcomers.models import NewcomerProfile
from welkom.security import services as security

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def _page(context):
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _violations(page, console):
    recorded = page.evaluate("window.__cspViolations")
    return recorded + [line for line in console if "Content Security Policy" in line]


@pytest.mark.parametrize("role", ["newcomer", "hr", "admin", "team_lead"])
def test_pages_run_under_the_content_security_policy_without_violations(phone, live_server, demo, role):
    page, console = _page(phone)
    response = page.goto(f"{live_server.url}/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    _login(page, live_server, demo[role].email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="Who looked at my data")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _violations(page, console) == []


def test_hr_sets_up_two_step_login_when_the_organisation_requires_it(phone, live_server, demo):
    security.policy_update(organisation=demo.organisation, require_two_factor=True)
    page, console = _page(phone)
    _login(page, live_server, demo["hr"].email)
    expect(page.get_by_role("heading", name="Two-step login")).to_be_visible()
    page.get_by_role("button", name="Set up my authenticator app").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator("code.secret").inner_text()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("6-digit code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR overview")
    assert _violations(page, console) == []

    # Next login: password, then the code (one step on, as django-otp refuses a code twice).
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Log out").click()
    # The app shows the login form once the server has ended the session; going to /login before
    # that can cancel the logout request, and the old session then skips the form.
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Welkom")
    _login(page, live_server, demo["hr"].email)
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(key, t0=-30).token():06d}")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR overview")


def test_a_newcomer_sees_who_looked_and_downloads_their_data(phone, live_server, demo, celery_worker):
    newcomer = demo["newcomer"]
    profile = NewcomerProfile.objects.create(organisation=demo.organisation, user=newcomer, team=demo.team)
    audit_record(
        actor=demo["hr"],
        action="viewed",
        subject_user=newcomer,
        object_type="newcomer_profile",
        object_id=profile.pk,
    )
    page, console = _page(phone)
    _login(page, live_server, newcomer.email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_test_id("audit-entries")).to_contain_text(
        f"{demo['hr'].full_name} viewed your profile"
    )
    page.get_by_role("button", name="Prepare my download").click()
    download_link = page.get_by_role("link", name="Download zip")
    expect(download_link).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("welkom-export-")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _violations(page, console) == []
