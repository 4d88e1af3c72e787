"""Actions taken offline on the phone wait in the outbox and are saved once, in order, when the
connection returns: a checklist item ticked off and a journey step marked done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_mobile_app import _login, _wait_for_service_worker
from tests.checklists.conftest import make_profile
from welkom.checklists.models import ChecklistItem
from welkom.content.loader import SyncReport
from welkom.content.services import content_sync
from welkom.journeys import dispatch, services
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate, PlanStep
from welkom.offline.models import IdempotencyRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEP = "Read: direct feedback at Dutch workplaces"
ITEM = "arrival-registration/book-registration-appointment"


@pytest.fixture
def plan(demo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists"])
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    today = timezone.localdate()
    profile = make_profile(
        demo, arrival_on=today + timedelta(days=28), first_day_on=today + timedelta(days=35)
    )
    template = JourneyTemplate.objects.get(slug="ict-kennismigrant")
    plan = services.plan_create(profile=profile, template=template, created_by=demo["hr"])
    dispatch.dispatch_tick(now=timezone.now() + timedelta(days=3))
    return plan


def _outbox_size(page):
    return page.evaluate(
        "new Promise(r => { const q = indexedDB.open('welkom-offline'); q.onsuccess = () => q.result"
        ".transaction('outbox').objectStore('outbox').count().onsuccess = e => r(e.target.result) })"
    )


def test_a_ticked_item_and_a_done_step_made_offline_are_saved_once(phone, live_server, demo, plan):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", name="Today and next")).to_be_visible()
    _wait_for_service_worker(page)
    page.reload()  # the worker now keeps the answers this page reads
    today = page.locator("section[aria-labelledby='today-title']")
    expect(today.locator("li.step", has_text=STEP)).to_be_visible()
    page.get_by_role("link", name="All checklists").click()
    booking = page.locator(f"[data-ref='{ITEM}']")
    expect(booking).to_be_visible()

    phone.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(page.get_by_text("You are offline.")).to_be_visible()
    booking.locator("summary").click()
    booking.get_by_role("button", name="Done").click()
    expect(booking.locator("summary")).to_contain_text("Waiting to send")
    expect(booking.get_by_role("button", name="Done")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Welkom", exact=True).click()  # home, from the copy the worker kept
    step = today.locator("li.step", has_text=STEP)
    step.get_by_role("button", name="Done").click()
    expect(step.get_by_role("status")).to_have_text("Waiting to send")
    expect(page.get_by_text("2 changes are waiting to be sent.")).to_be_visible()
    item = ChecklistItem.objects.get(
        checklist__profile=plan.profile,
        template_item__template__slug="arrival-registration",
        template_item__key="book-registration-appointment",
    )
    assert item.status == "open"
    assert PlanStep.objects.get(plan=plan, key="read-direct-feedback").state != "done"

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text("2 changes you made offline are saved.")).to_be_visible(timeout=15_000)
    expect(today.locator("li.step", has_text=STEP)).to_have_count(0)  # the panel refreshed
    item.refresh_from_db()
    assert item.status == "done"
    assert item.status_changed_by == demo["newcomer"]
    assert PlanStep.objects.get(plan=plan, key="read-direct-feedback").state == "done"
    records = IdempotencyRecord.objects.filter(user=demo["newcomer"]).order_by("pk")
    assert [(r.method, r.path, r.status_code) for r in records] == [
        ("PATCH", f"/api/checklist-items/{item.pk}", 200),
        (
            "POST",
            f"/api/journeys/steps/{PlanStep.objects.get(plan=plan, key='read-direct-feedback').pk}/done",
            200,
        ),
    ]
    assert _outbox_size(page) == 0
