"""HR and admin settings screens on a 360 px phone: translation keys, glossary and packages, the
audit log, retention and erasure; and the roles that must not get in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import _serious_violations
from tests.browser.test_login import _login
from tests.privacy.helpers import newcomer_with_profile
from welkom.accounts.models import User
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_record
from welkom.privacy.models import ErasureRecord, RetentionRule
from welkom.translation import packages
from welkom.translation.models import ApiKey, GlossaryEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _open(page, live_server, email, link, heading):
    """Log in and follow the home page's link, the way people get there."""
    _login(page, live_server, email)
    # Let the home page finish: its panels write audit entries that the tests count.
    expect(page.locator("[data-role]")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Loading…")).to_have_count(0)
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _translate_with_key(browser, live_server, key: str):
    """An outside client: no session cookie, only the key."""
    context = browser.new_context()
    try:
        response = context.request.post(
            f"{live_server.url}/translate",
            data={"q": "Welkom in het team", "source": "nl", "target": "en", "api_key": key},
        )
        return response.status, response.json()
    finally:
        context.close()


def test_hr_creates_a_key_that_works_then_revokes_it(browser, phone, live_server, demo, languages):
    page = phone.new_page()
    _open(page, live_server, demo["hr"].email, "Translation settings", "Translation settings")
    expect(page.get_by_text("There are no keys yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Language packages")).to_have_count(0)  # admin only

    page.get_by_label("Name of the new key").fill("Intranet bot")
    page.get_by_role("button", name="Create key").click()
    shown = page.get_by_role("region", name="New key for Intranet bot")
    expect(shown.get_by_text("This key is shown only once.")).to_be_visible()
    raw = shown.get_by_label("The new key").input_value()
    assert raw.startswith("wk_")
    assert ApiKey.objects.get(name="Intranet bot").prefix == raw[:10]
    _fits(page)
    assert _serious_violations(page) == []

    status, body = _translate_with_key(browser, live_server, raw)
    assert status == 200, body
    assert body["translatedText"]

    shown.get_by_role("button", name="I have stored it, hide the key").click()
    expect(page.get_by_role("region", name="New key for Intranet bot")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("api-keys")).to_contain_text("Intranet bot")
    assert raw not in page.content()  # shown once: never again

    page.get_by_role("button", name="Revoke Intranet bot").click()
    page.get_by_role("button", name="Yes, revoke the key").click()
    expect(page.get_by_test_id("api-keys").get_by_text("Revoked", exact=True)).to_be_visible()
    assert ApiKey.objects.get(name="Intranet bot").revoked_at is not None

    status, body = _translate_with_key(browser, live_server, raw)
    assert status in (401, 403)
    assert "revoked" in body["error"]


def test_hr_adds_glossary_terms_kept_and_fixed_per_language(phone, live_server, demo):
    page = phone.new_page()
    _open(page, live_server, demo["hr"].email, "Translation settings", "Translation settings")
    glossary = page.get_by_role("region", name="Glossary")
    expect(glossary.get_by_text("Your organisation has no glossary terms yet.")).to_be_visible()

    glossary.get_by_label("Term").fill("Zuidas")
    glossary.get_by_role("button", name="Add to the glossary").click()
    expect(page.get_by_role("status").filter(has_text='"Zuidas" is in the glossary.')).to_be_visible()

    glossary.get_by_label("Term").fill("gemeente")
    glossary.get_by_label("Always translate it as…").check()
    glossary.get_by_label("Fixed translation").fill("municipality")
    glossary.get_by_role("button", name="Add to the glossary").click()
    language = glossary.get_by_label("Into language")
    expect(glossary.get_by_text("Choose the language this translation is for.")).to_be_visible()
    expect(language).to_have_attribute("aria-invalid", "true")
    language.select_option("en")
    glossary.get_by_label("Only when translating from").select_option("nl")
    glossary.get_by_role("button", name="Add to the glossary").click()
    expect(page.get_by_role("status").filter(has_text='"gemeente" is in the glossary.')).to_be_visible()

    entries = glossary.get_by_test_id("glossary-entries")
    expect(entries).to_contain_text("kept as written")
    expect(entries).to_contain_text('becomes "municipality" in English')
    assert sorted(
        GlossaryEntry.objects.values_list("term", "translation", "source_language", "target_language")
    ) == [("Zuidas", "", "", ""), ("gemeente", "municipality", "nl", "en")]
    _fits(page)

    glossary.get_by_role("button", name="Remove Zuidas from the glossary").click()
    ask = glossary.get_by_role("group", name=re.compile("Zuidas"))  # removing asks first
    ask.get_by_role("button", name="Cancel").click()
    expect(entries).to_contain_text("Zuidas")
    glossary.get_by_role("button", name="Remove Zuidas from the glossary").click()
    ask.get_by_role("button", name="Remove", exact=True).click()
    expect(entries).not_to_contain_text("Zuidas")
    assert not GlossaryEntry.objects.filter(term="Zuidas").exists()


def test_admin_uploads_a_language_package(phone, live_server, demo, packages_dir, package_files, tmp_path):
    page = phone.new_page()
    _open(page, live_server, demo["admin"].email, "Translation settings", "Translation settings")
    panel = page.get_by_role("region", name="Language packages")
    expect(panel.get_by_text("No language packages are installed yet.")).to_be_visible()

    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"not a zip")
    panel.get_by_label("Package file (.argosmodel)").set_input_files(str(bad))
    panel.get_by_role("button", name="Upload and install").click()
    expect(panel.get_by_text("broken.argosmodel is not an Argos package (not a zip file).")).to_be_visible()
    expect(panel.get_by_label("Package file (.argosmodel)")).to_have_attribute("aria-invalid", "true")

    panel.get_by_label("Package file (.argosmodel)").set_input_files(str(package_files["nl-en"]))
    panel.get_by_role("button", name="Upload and install").click()
    installed = page.get_by_role("status").filter(has_text="Installed: Dutch → English, version 1.0.")
    expect(installed).to_be_visible(timeout=30_000)
    expect(panel.get_by_test_id("packages")).to_contain_text("Dutch → English")
    expect(panel.get_by_test_id("packages")).to_contain_text(re.compile(r"version 1\.0 · [\d.]+ (kB|MB)"))
    assert [(p.from_code, p.to_code) for p in packages.installed_packages()] == [("nl", "en")]
    _fits(page)

    # Removing asks first; "Cancel" keeps the package.
    panel.get_by_role("button", name="Remove the package Dutch → English").click()
    confirm = panel.get_by_role("group", name="Remove the package Dutch → English")
    expect(confirm).to_contain_text("Texts that need this pair are no longer translated")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_have_count(0)
    assert [(p.from_code, p.to_code) for p in packages.installed_packages()] == [("nl", "en")]

    panel.get_by_role("button", name="Remove the package Dutch → English").click()
    panel.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_role("status").filter(has_text="Removed: Dutch → English.")).to_be_visible()
    expect(panel.get_by_text("No language packages are installed yet.")).to_be_visible()
    assert packages.installed_packages() == []


@pytest.fixture
def leaver(demo):
    person = newcomer_with_profile(demo, full_name="Zaynab Quillfeather", email="zaynab@alpha.test")
    audit_record(
        actor=demo["hr"], action="viewed", subject_user=person, object_type="newcomer_profile", object_id=1
    )
    audit_record(
        actor=demo["hr"], action="changed", subject_user=demo["newcomer"], object_type="language_plan"
    )
    return person


def test_admin_reads_the_log_sets_retention_and_erases_a_person(phone, live_server, demo, leaver):
    page = phone.new_page()
    _open(page, live_server, demo["admin"].email, "Privacy and audit log", "Privacy and audit log")
    log = page.get_by_test_id("audit-log")
    expect(log).to_contain_text("viewed the profile of Zaynab Quillfeather")
    expect(log.get_by_role("listitem")).to_have_count(AuditEntry.objects.count())

    # Filter: what happened to Zaynab's data, only views.
    audit = page.get_by_role("form", name="Filter the audit log")
    audit.get_by_label("Person").fill("quillf")
    audit.get_by_role("button", name=re.compile("^Zaynab Quillfeather")).click()
    audit.get_by_label("Action").select_option("viewed")
    audit.get_by_role("button", name="Show entries").click()
    # HR viewed the profile; the admin's own home page viewed the onboarding progress.
    views = AuditEntry.objects.filter(subject_user=leaver, action="viewed").count()
    assert views < AuditEntry.objects.count()
    expect(log.get_by_role("listitem")).to_have_count(views)
    expect(page.get_by_text(f"{views} entries" if views != 1 else "1 entry", exact=True)).to_be_visible()
    for line in log.get_by_role("listitem").all_inner_texts():
        assert re.search(r" viewed .* of Zaynab Quillfeather", line), line
    audit.get_by_label("From").fill("2030-01-02")
    audit.get_by_label("Up to and including").fill("2030-01-01")
    audit.get_by_role("button", name="Show entries").click()
    expect(audit.get_by_text("This day comes before the first day.")).to_be_visible()
    audit.get_by_role("button", name="Clear filters").click()
    expect(log.get_by_role("listitem")).to_have_count(AuditEntry.objects.count())

    # Retention: a slip is refused next to the field, a real number is saved.
    days = page.get_by_label("Days to keep Audit log")
    days.fill("0")
    page.get_by_role("button", name="Save Audit log").click()
    expect(page.get_by_text("Between 1 and 36500 days.")).to_be_visible()
    expect(days).to_have_attribute("aria-invalid", "true")
    days.fill("400")
    page.get_by_role("button", name="Save Audit log").click()
    saved = page.get_by_role("status").filter(has_text="Saved: Audit log is kept for 400 days.")
    expect(saved).to_be_visible()
    assert RetentionRule.objects.get(organisation=demo.organisation, kind="audit_log").keep_days == 400
    _fits(page)
    assert _serious_violations(page) == []

    # Erasure: only once the e-mail address is typed.
    erase = page.get_by_role("region", name="Erase a person")
    erase.get_by_label("Person to erase").fill("Zaynab")
    erase.get_by_role("button", name=re.compile("^Zaynab Quillfeather")).click()
    button = erase.get_by_role("button", name="Erase Zaynab Quillfeather for good")
    expect(button).to_be_disabled()
    erase.get_by_label(re.compile("type their e-mail address")).fill("Zaynab Quillfeather")
    expect(button).to_be_disabled()
    erase.get_by_label(re.compile("type their e-mail address")).fill("zaynab@alpha.test")
    button.click()
    erased = page.get_by_role("status").filter(has_text="Erased. Welkom no longer holds this person's data")
    expect(erased).to_be_visible(timeout=30_000)
    assert ErasureRecord.objects.filter(erased_user=leaver).exists()
    expect(erase.get_by_test_id("erasures")).to_contain_text(f"Account {leaver.pk} erased")
    expect(log).not_to_contain_text("Zaynab")
    expect(page.locator("main")).not_to_contain_text("Zaynab")

    page.reload()
    expect(page.get_by_test_id("audit-log")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Quillfeather")
    page.goto(f"{live_server.url}/")
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("listitem").first).to_be_visible()
    expect(people).not_to_contain_text("Zaynab")
    assert not User.objects.filter(email="zaynab@alpha.test").exists()


def test_hr_reads_the_log_and_retention_but_cannot_change_or_erase(phone, live_server, demo, leaver):
    page = phone.new_page()
    _open(page, live_server, demo["hr"].email, "Privacy and audit log", "Privacy and audit log")
    expect(page.get_by_test_id("audit-log")).to_contain_text("Zaynab Quillfeather")
    expect(page.get_by_test_id("retention")).to_contain_text("Kept for 730 days.")
    expect(page.get_by_role("button", name=re.compile("^Save"))).to_have_count(0)
    expect(page.get_by_role("region", name="Erase a person")).to_have_count(0)


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("newcomer", ["/settings/translation", "/settings/privacy"]),
        ("colleague", ["/settings/translation", "/settings/privacy"]),
        ("team_lead", ["/settings/translation", "/settings/privacy"]),
    ],
)
def test_other_roles_get_no_link_and_a_clear_no(phone, live_server, demo, role, pages):
    page = phone.new_page()
    _login(page, live_server, demo[role].email)
    expect(page.locator("[data-role]")).to_be_visible()  # the home page has loaded
    expect(page.get_by_role("link", name="Translation settings")).to_have_count(0)
    expect(page.get_by_role("link", name="Privacy and audit log")).to_have_count(0)
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
        expect(page.get_by_text("Your role does not use this page.", exact=False)).to_be_visible()
