"""The newcomer ticks off checklist items and attaches a document on a phone; HR uses the board."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.checklists.conftest import PDF, make_profile
from tests.factories import PASSWORD
from welkom.checklists.models import ChecklistDocument, ChecklistItem
from welkom.content.services import content_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def profile(demo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists"])
    today = timezone.localdate()
    return make_profile(
        demo,
        arrival_on=today + timedelta(days=3),
        first_day_on=today + timedelta(days=7),
        has_partner=True,
        children=[{"first_name": "Asha", "birth_date": today.replace(year=today.year - 7)}],
    )


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_newcomer_ticks_off_and_attaches_a_document_on_a_phone(phone, live_server, demo, profile, tmp_path):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    due_next = page.get_by_role("region", name="Due next")
    expect(due_next.get_by_text("Arrange temporary housing for the first weeks")).to_be_visible()
    page.get_by_role("link", name="All checklists").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your checklists")
    expect(page.get_by_text("Enrol your child at a school — Asha")).to_be_visible()

    booking = page.locator("[data-ref='arrival-registration/book-registration-appointment']")
    booking.locator("summary").click()
    source = booking.get_by_role("link", name=re.compile("^Official source: "))
    expect(source).to_have_attribute("href", re.compile(r"^https://www\.government\.nl/"))
    expect(booking.get_by_text("Holland Expat Center South", exact=False).first).to_be_visible()
    group = page.locator("section.card", has=booking).locator("summary .badge").first
    done, total = (int(n) for n in re.findall(r"\d+", group.inner_text()))
    # The group's count follows the tick at once, not after the list is read again.
    page.route(re.compile(r"/api/checklists\?"), lambda route: route.abort())
    booking.get_by_role("button", name="Done").click()
    expect(booking.get_by_role("status")).to_have_text("Saved.")
    expect(booking.locator("summary .badge")).to_have_text("Done")
    expect(group).to_have_text(f"{done + 1} of {total} done")
    page.unroute(re.compile(r"/api/checklists\?"))

    brp = page.locator("[data-ref='arrival-registration/register-brp']")
    brp.locator("summary").click()
    pdf = tmp_path / "rental-contract.pdf"
    pdf.write_bytes(PDF)
    brp.get_by_label("Attach a document").set_input_files(str(pdf))
    expect(brp.get_by_role("status")).to_have_text("rental-contract.pdf is attached.")
    expect(brp.get_by_role("link", name="rental-contract.pdf")).to_be_visible()
    assert ChecklistDocument.objects.filter(item__template_item__key="register-brp").count() == 1
    assert (
        ChecklistItem.objects.get(
            checklist__profile=profile, template_item__key="book-registration-appointment"
        ).status
        == "done"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hr_filters_the_board_and_opens_a_newcomers_checklists(browser, live_server, demo, profile):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, live_server, demo["hr"].email)
    page.get_by_role("link", name="Open the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Housing and school")
    page.get_by_label("Show").select_option("children_not_enrolled")
    page.get_by_label("Team").select_option(label="Platform")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row", name=re.compile(demo["newcomer"].full_name))
    expect(row).to_contain_text("1 child not enrolled")
    expect(page.get_by_role("link", name="Download as CSV")).to_have_attribute(
        "href", f"/api/checklists/board.csv?status=children_not_enrolled&team={demo.team.pk}"
    )
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Checklists of {demo['newcomer'].full_name}")
    expect(page.get_by_text("Enrol your child at a school — Asha")).to_be_visible()
    context.close()
