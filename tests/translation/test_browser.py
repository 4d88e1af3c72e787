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


def _admin_settings(page, live_server, user):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Translation settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Translation settings")


def test_admin_downloads_a_package_from_the_index_with_progress(
    phone, live_server, settings, site, packages_dir, package_files, celery_worker
):
    """The index and its packages are served from 127.0.0.1; the download runs on a real worker."""
    from tests.translation.package_site import index_entry, serve_index
    from welkom.translation import packages

    admin = make_org("alpha")["admin"]
    entries = [index_entry(site, pair, package_files[pair]) for pair in ("nl-en", "en-nl")]
    settings.TRANSLATION_PACKAGE_INDEX_URL = serve_index(site, entries)
    page = phone.new_page()
    _admin_settings(page, live_server, admin)
    index = page.get_by_role("region", name="Packages from the package index")
    index.get_by_role("button", name="Show available packages").click()
    listing = index.get_by_test_id("index-packages")
    expect(listing).to_contain_text("Dutch → English")
    expect(listing.locator("[data-pair='nl-en']")).to_contain_text("not installed")

    listing.get_by_role("button", name="Download Dutch → English").click()
    done = listing.get_by_role("status").filter(
        has_text="Downloaded and installed: Dutch → English, version 1.0."
    )
    expect(done).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("packages")).to_contain_text("Dutch → English")
    assert [(p.from_code, p.to_code) for p in packages.installed_packages()] == [("nl", "en")]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # No network: the screen says so and points to installing from a file.
    settings.TRANSLATION_PACKAGE_INDEX_URL = site.url + "/missing.json"
    index.get_by_role("button", name="Ask the package index again").click()
    problem = index.get_by_role("alert")
    expect(problem).to_contain_text("The package index cannot be reached")
    expect(problem.get_by_role("link", name="Install from a file")).to_have_attribute("href", "#package-file")


def test_a_polish_admin_is_told_in_polish_that_the_index_is_out_of_reach(phone, live_server, packages_dir):
    admin = make_org("alpha")["admin"]
    admin.language = "pl"
    admin.save(update_fields=["language"])
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("[data-role]")).to_be_visible()
    page.goto(f"{live_server.url}/settings/translation")
    page.get_by_role("button", name="Pokaż dostępne pakiety").click()  # the test index address is unreachable
    expect(page.get_by_role("alert")).to_contain_text("Nie można połączyć się z indeksem pakietów")
    expect(page.get_by_role("link", name="Zainstaluj z pliku")).to_be_visible()


RULE = "Keep words in capitals of 2 to 6 letters (HR, IT, KPI) as written"


def test_hr_turns_the_acronym_rule_off(phone, live_server):
    from welkom.translation.models import TranslationSettings

    org = make_org("alpha")
    page = phone.new_page()
    _admin_settings(page, live_server, org["hr"])
    rules = page.get_by_role("region", name="Translation rules")
    rule = rules.get_by_label(RULE)
    expect(rule).to_be_checked()
    rule.uncheck()
    expect(rules.get_by_role("status")).to_have_text("Saved.")
    assert TranslationSettings.objects.get(organisation=org.organisation).keep_acronyms is False
    page.reload()
    expect(page.get_by_label(RULE)).not_to_be_checked()
