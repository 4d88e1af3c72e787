"""Actions taken offline on the phone wait in the outbox and are saved once, in order, when the
connection returns: a checklist item ticked off and a journey step marked done. When the server
changed meanwhile, the conflict rule of docs/mobile-app.md decides, and the banner says what happened."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import _serious_violations
from tests.browser.test_mobile_app import RESULTS, _login, _wait_for_service_worker
from tests.checklists.conftest import make_profile
from welkom.checklists.models import ChecklistItem
from welkom.content.loader import SyncReport
from welkom.content.services import content_sync
from welkom.journeys import dispatch, services
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate, PlanStep
from welkom.modules.models import Module, ModuleTranslation, QuizAnswer
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


def _go_offline(phone, page):
    phone.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(page.get_by_text("You are offline.")).to_be_visible()


def _go_online(phone, page):
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")


def test_a_step_marked_done_offline_that_hr_skipped_meanwhile_stays_skipped(phone, live_server, demo, plan):
    """The conflict rule for steps (docs/mobile-app.md): HR's skip wins; the banner says so and what to do."""
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    today = page.locator("section[aria-labelledby='today-title']")
    step = today.locator("li.step", has_text=STEP)
    expect(step).to_be_visible()

    _go_offline(phone, page)
    step.get_by_role("button", name="Done").click()
    expect(step.get_by_role("status")).to_have_text("Waiting to send")
    # Meanwhile HR skips the step on the server.
    services.step_skip(step=PlanStep.objects.get(plan=plan, key="read-direct-feedback"), actor=demo["hr"])

    _go_online(phone, page)
    refused = page.get_by_role("alert").filter(has_text="Not saved")
    expect(refused).to_contain_text(f"Not saved: step “{STEP}” done.", timeout=15_000)
    expect(refused).to_contain_text("HR skipped this step in the meantime, so it stays skipped.")
    expect(refused.get_by_role("link", name="Open the page")).to_be_visible()
    page.screenshot(path=str(RESULTS / "offline-step-conflict.png"))
    assert _serious_violations(page) == []
    expect(today.locator("li.step", has_text=STEP)).to_have_count(0)  # the panel shows the plan as it is
    step_now = PlanStep.objects.get(plan=plan, key="read-direct-feedback")
    assert (step_now.state, step_now.done_at) == ("skipped", None)
    done_url = f"/api/journeys/steps/{step_now.pk}/done"
    assert IdempotencyRecord.objects.get(user=demo["newcomer"], path=done_url).status_code == 409
    assert _outbox_size(page) == 0
    page.get_by_role("button", name="Close").click()
    expect(refused).to_have_count(0)


def test_a_quiz_answer_given_offline_to_a_question_that_changed_is_not_scored(phone, live_server, demo, plan):
    """The conflict rule for quiz answers: a content update changed the question while the answer
    waited; the answer is not scored, the person is told, and the page shows the new question."""
    content_sync(root=settings.CONTENT_DIR, kinds=["modules"])
    module = Module.objects.get(slug="direct-feedback")
    key = module.quiz[0]["key"]
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", name="Today and next")).to_be_visible()
    page.goto(f"{live_server.url}/modules/direct-feedback")
    question = page.locator("form.quiz-question").first
    expect(question).to_be_visible()

    _go_offline(phone, page)
    question.locator("input").first.check()
    question.get_by_role("button", name="Check my answer").click()
    expect(question.get_by_role("status")).to_have_text("Waiting to send")
    # Meanwhile a content update rewrites the question.
    source = ModuleTranslation.objects.get(module=module, locale=module.source_locale)
    source.quiz_text[key]["question"] += " (reworded)"
    source.save(update_fields=["quiz_text"])

    _go_online(phone, page)
    refused = page.get_by_role("alert").filter(has_text="Not saved")
    expect(refused).to_contain_text("The question was changed after you answered it", timeout=15_000)
    expect(refused).to_contain_text("Open the module and answer the question as it is now.")
    expect(question.locator("legend")).to_contain_text("(reworded)")  # the page loaded the question again
    expect(question.get_by_role("button", name="Check my answer")).to_be_visible()
    assert not QuizAnswer.objects.filter(progress__user=demo["newcomer"]).exists()
    assert _outbox_size(page) == 0
