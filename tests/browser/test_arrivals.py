"""HR imports a group of arrivals on a phone: picks the file, reads the errors, confirms, follows
the import, and sees the week's cohort."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.arrivals.files import as_csv, person
from tests.factories import PASSWORD
from welkom.content.services import content_sync
from welkom.newcomers.models import NewcomerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_imports_a_group_and_sees_the_cohort_on_a_phone(phone, live_server, demo, settings):
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists", "journeys"])
    arrival = timezone.localdate() + timedelta(days=3)
    rows = [
        person(n, Arrival=arrival.isoformat(), **{"First day": (arrival + timedelta(days=7)).isoformat()})
        for n in (1, 2, 3)
    ]
    rows[1]["Team"] = "Nowhere"

    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(demo["hr"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a group of arrivals")

    page.get_by_label("CSV or Excel file (.xlsx)").set_input_files(
        {"name": "arrivals.csv", "mimeType": "text/csv", "buffer": as_csv(rows)}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Rows: 3. With errors: 1.")).to_be_visible()
    expect(page.get_by_text("There is no team called “Nowhere” in your organisation.")).to_be_visible()
    submit = page.get_by_role("button", name="Import and invite (3)")
    expect(submit).to_be_disabled()
    page.get_by_label("Leave out the rows with errors (1)").check()
    page.get_by_role("button", name="Import and invite (2)").click()
    expect(page.get_by_text("People added: 2. Their invitations are being sent.")).to_be_visible()
    assert NewcomerProfile.objects.filter(user__email__startswith="arrival").count() == 2
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    year, week, _ = arrival.isocalendar()
    page.goto(f"{live_server.url}/arrivals/cohort?week={year}-W{week:02d}")
    expect(page.get_by_role("heading", name="People arriving: 2")).to_be_visible()
    table = page.get_by_role("region", name="Arrivals of the week")
    expect(table.get_by_role("link", name="Łukasz Wójcik 1")).to_be_visible()
    expect(table.get_by_text("Invited").first).to_be_visible()
