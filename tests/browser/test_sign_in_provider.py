"""Signing in with the organisation's own identity provider, in Chromium, against the test
provider of tests/sso/provider.py on 127.0.0.1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_org
from tests.factories import PASSWORD, UserFactory
from tests.sso.provider import Provider
from welkom.accounts.models import Role, User
from welkom.audit.models import AuditEntry
from welkom.sso import flow, services
from welkom.sso.models import IdentityLink, IdentityProvider, ProviderSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):  # type: ignore[no-untyped-def]
    settings.SITE_URL = live_server.url  # the redirect URI registered at the provider
    return live_server


@pytest.fixture
def idp(site):  # type: ignore[no-untyped-def]
    provider = Provider()
    provider.redirect_uris.add(flow.redirect_uri())
    yield provider
    provider.stop()


@pytest.fixture
def idp_b(site):  # type: ignore[no-untyped-def]
    provider = Provider(client_id="welkom-bravo")
    provider.redirect_uris.add(flow.redirect_uri())
    yield provider
    provider.stop()


def _configure(org, provider, name):  # type: ignore[no-untyped-def]
    return services.provider_save(
        organisation=org.organisation,
        actor=org["admin"],
        name=name,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        domains=[f"{org.organisation.slug}.test"],
    )


def test_two_organisations_sign_in_each_with_their_own_provider(phone, site, demo, idp, idp_b):
    bravo = make_org("bravo")
    _configure(demo, idp, "Alpha ID")
    _configure(bravo, idp_b, "Bravo Login")
    idp.add("nina@alpha.test", name="Nina Jansen")
    idp_b.add(bravo["hr"].email)

    page = phone.new_page()
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mail address").fill("nina@alpha.test")
    page.get_by_role("link", name="Sign in with Alpha ID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello "))
    assert User.objects.get(email="nina@alpha.test").organisation_id == demo.organisation.pk

    other = phone.browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = other.new_page()
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mail address").fill(bravo["hr"].email)
    expect(page.get_by_role("link", name="Sign in with Bravo Login")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in with Alpha ID")).to_have_count(0)
    page.get_by_role("link", name="Sign in with Bravo Login").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR overview")
    other.close()


def test_a_refusal_is_explained_on_the_login_page_in_the_readers_language(browser, site, demo, idp):
    _configure(demo, idp, "Alpha ID")
    idp.add("nina@alpha.test", email_verified=False)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mailadres").fill("nina@alpha.test")
    page.get_by_role("link", name="Inloggen met Alpha ID").click()
    expect(page).to_have_url(re.compile(r"/login\?sso_error=email_unverified$"))
    expect(page.get_by_test_id("sso-error")).to_have_text(
        "Het e-mailadres van je bedrijfsaccount is niet bevestigd. Meld het aan je beheerder."
    )
    context.close()
    assert not User.objects.filter(email="nina@alpha.test").exists()
    assert AuditEntry.objects.filter(action="sign_in_refused", object_id="email_unverified").count() == 1


def test_an_admin_sets_up_the_provider_on_the_settings_screen(browser, site, demo, idp):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mail address").fill(demo["admin"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    page.goto(f"{site.url}/settings/sign-in")
    expect(page.get_by_test_id("sso-redirect-uri")).to_have_text(f"{site.url}/api/auth/sso/callback")
    page.get_by_label("Name on the button").fill("Alpha ID")
    page.get_by_label("Issuer URL").fill(idp.issuer)
    page.get_by_label("Client ID").fill(idp.client_id)
    page.get_by_label("Client secret").fill(idp.client_secret)
    page.get_by_label("Allowed e-mail domains").fill("alpha.test")
    page.get_by_label("Group → role").fill("it = admin")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#sso-role_mapping-error")).to_contain_text("it")
    assert not IdentityProvider.objects.exists()
    page.get_by_label("Group → role").fill("people = hr")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_text("A secret is stored and is never shown again.")).to_be_visible()
    expect(page.get_by_label("Client secret")).to_have_value("")
    assert idp.client_secret not in page.content()
    assert IdentityProvider.objects.get().role_mapping == {"people": "hr"}
    context.close()


def _log_in(page, site, user):  # type: ignore[no-untyped-def]
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_a_newcomer_links_their_company_account_on_their_own_page(phone, site, demo, idp):
    _configure(demo, idp, "Alpha ID")
    newcomer = UserFactory(
        organisation=demo.organisation, role=Role.NEWCOMER, email="jan@private.example", full_name="Jan"
    )
    person = idp.add("jan.kowalski@alpha.test")
    idp.signed_in_as = "jan.kowalski@alpha.test"  # who is signed in at the provider in this browser
    page = phone.new_page()
    _log_in(page, site, newcomer)
    page.goto(f"{site.url}/me")
    expect(page.get_by_test_id("company-account-state")).to_have_text(
        "Link your Alpha ID account to sign in to Welkom with it."
    )
    page.get_by_role("button", name="Link Alpha ID account").click()
    expect(page).to_have_url(re.compile(r"/me\?sso_linked=1$"))
    panel = page.get_by_role("region", name="Company account")
    expect(panel.get_by_role("status")).to_have_text("Your company account is now linked.")
    expect(page.get_by_test_id("company-account-state")).to_contain_text("Your Alpha ID account is linked")
    assert list(IdentityLink.objects.values_list("user_id", "subject")) == [(newcomer.pk, person.sub)]
    page.get_by_role("button", name="Remove the link").click()
    expect(panel.get_by_role("status")).to_have_text("The link is removed.")
    assert not IdentityLink.objects.exists()


def test_a_link_outside_the_allowed_domains_is_explained_on_the_page(phone, site, demo, idp):
    _configure(demo, idp, "Alpha ID")
    idp.add("jan@gmail.example")
    idp.signed_in_as = "jan@gmail.example"
    page = phone.new_page()
    _log_in(page, site, demo["colleague"])
    page.goto(f"{site.url}/me")
    page.get_by_role("button", name="Link Alpha ID account").click()
    expect(page).to_have_url(re.compile(r"/me\?sso_error=domain_not_allowed$"))
    expect(page.get_by_test_id("company-account-error")).to_have_text(
        "This e-mail address is not in a domain your organisation allows for Welkom."
    )
    assert not IdentityLink.objects.exists()


def test_the_providers_logout_page_ends_the_session_through_its_iframe(phone, site, demo, idp):
    """Chromium loads the front-channel address inside the provider's page (another origin): the
    answer must be framable by that origin, and the Welkom session ends."""
    _configure(demo, idp, "Alpha ID")
    idp.frontchannel_logout_uris.add(flow.frontchannel_logout_uri())
    idp.add("nina@alpha.test")
    page = phone.new_page()
    page.goto(f"{site.url}/login")
    page.get_by_label("E-mail address").fill("nina@alpha.test")
    page.get_by_role("link", name="Sign in with Alpha ID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello "))
    [session] = ProviderSession.objects.all()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "frame" in message.text else None)
    with page.expect_response(re.compile(r"/api/auth/sso/frontchannel-logout\?")) as answer:
        page.goto(f"{idp.issuer}/logout?sid={session.sid}")
    assert answer.value.status == 200
    # The page's load waited for its frame. A refused frame would show Chromium's error page
    # (chrome-error://) and log why on the console.
    [child] = [frame for frame in page.frames if frame != page.main_frame]
    assert child.url.startswith(flow.frontchannel_logout_uri()), child.url
    assert blocked == []
    assert not ProviderSession.objects.exists()
    page.goto(f"{site.url}/")
    expect(page).to_have_url(re.compile(r"/login"))
