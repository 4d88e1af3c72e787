"""The newcomer's phone app: installable, readable offline, queued actions saved once, Arabic RTL."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from welkom.offline.models import IdempotencyRecord

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations" / "ui"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _wait_for_service_worker(page):
    """Until the worker controls this page (it claims open pages when it activates)."""
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)


def test_manifest_and_service_worker_make_it_installable(phone, live_server, demo):
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.body())
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert page.request.get(f"{live_server.url}{icon['src']}").ok, icon["src"]
    _wait_for_service_worker(page)
    registration = page.evaluate(
        "navigator.serviceWorker.getRegistration().then(r => ({scope: r.scope, script: r.active.scriptURL}))"
    )
    assert registration == {"scope": f"{live_server.url}/", "script": f"{live_server.url}/sw.js"}


def test_offline_the_newcomer_reads_what_they_opened_and_a_queued_change_is_saved_once(
    phone, live_server, demo, planned_newcomer
):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    page.get_by_role("navigation", name="Main sections").get_by_role("link", name="Me").click()
    expect(page.get_by_role("heading", name="Your start")).to_be_visible()
    _wait_for_service_worker(page)
    page.reload()  # the worker now keeps the answers this page reads
    expect(page.get_by_text("First working day")).to_be_visible()

    phone.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo["newcomer"].full_name)
    expect(page.get_by_text("You are offline.")).to_be_visible()
    start = page.get_by_role("region", name="Your start")
    expect(start).to_contain_text("9 Mar 2026")  # English dates the British way
    expect(start).to_contain_text(demo["colleague"].full_name)
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()

    page.get_by_label("Language").select_option("nl")  # an action taken offline
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_text("1 wijziging wacht om verstuurd te worden.")).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "offline-change-waiting.png"))
    demo["newcomer"].refresh_from_db()
    assert demo["newcomer"].language == "en"

    phone.set_offline(False)
    expect(page.get_by_text("1 wijziging die je offline maakte, is opgeslagen.")).to_be_visible(
        timeout=15_000
    )
    expect(page.get_by_text("Je bent offline.")).to_be_hidden()
    demo["newcomer"].refresh_from_db()
    assert demo["newcomer"].language == "nl"
    records = IdempotencyRecord.objects.filter(user=demo["newcomer"], path="/api/me")
    assert records.count() == 1
    assert records.get().status_code == 200
    assert (
        page.evaluate(
            "new Promise(r => { const q = indexedDB.open('welkom-offline'); q.onsuccess = () => q.result"
            ".transaction('outbox').objectStore('outbox').count().onsuccess = e => r(e.target.result) })"
        )
        == 0
    )


def test_an_action_whose_answer_was_lost_is_not_applied_twice(browser, live_server, demo):
    """The phone sends, the server saves, the answer never arrives: the retry is answered from the
    stored answer (same Idempotency-Key), so the server applies it once."""
    # Without the service worker, so that Playwright sees (and can cut) the page's own request.
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome, "))
    lost = []

    def lose_the_answer(route):
        if route.request.method == "PATCH" and not lost:
            lost.append(route.request.headers["idempotency-key"])
            route.fetch()  # reaches the server …
            route.abort("internetdisconnected")  # … but the phone never hears back
        else:
            route.continue_()

    page.route("**/api/me", lose_the_answer)
    with page.expect_event("requestfailed"):
        page.get_by_label("Language").select_option("tr")
    # Waiting to be sent, or already re-sent and answered from the stored answer: the retry can
    # win the race with this check. Either way the server must have applied it once (below).
    turkish = json.loads((TRANSLATIONS / "tr" / "offline.json").read_text(encoding="utf-8"))
    either = "|".join(
        re.escape(turkish[key].replace("{{count}}", "1"))
        for key in ("offline.pending_one", "offline.sent_one")
    )
    expect(page.get_by_text(re.compile(f"^({either})$"))).to_be_visible()
    page.unroute("**/api/me")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Hoş geldiniz, "), timeout=25_000)
    record = IdempotencyRecord.objects.get(user=demo["newcomer"], key=lost[0])
    assert record.status_code == 200
    assert IdempotencyRecord.objects.filter(user=demo["newcomer"]).count() == 1
    demo["newcomer"].refresh_from_db()
    assert demo["newcomer"].language == "tr"
    context.close()


def test_arabic_interface_is_right_to_left(phone, live_server, demo, planned_newcomer):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome, "))
    page.get_by_label("Language").select_option("ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^مرحبًا، "))
    assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    # Mirrored, not only the text: the brand sits on the right, the language switch on the left.
    brand = page.get_by_role("link", name="Welkom").bounding_box()
    switch = page.get_by_role("combobox", name=re.compile("^اللغة")).bounding_box()
    assert brand["x"] > 180 > switch["x"]
    page.locator("nav.bottom-tabs a[href='/me']").click()  # "my start" lives behind the Me tab
    facts = page.locator(".facts dt").first.bounding_box()
    assert facts["x"] + facts["width"] > 300  # labels start at the right edge
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.reload()  # the setting is stored with the account
    expect(page.locator(".facts dt").first).to_be_visible()
    assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "arabic-newcomer-home.png"), full_page=True)


def test_a_push_message_becomes_a_notification(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    _wait_for_service_worker(page)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 1
    # Chromium's DevTools protocol plays the push service: it names the registration, then delivers.
    cdp = context.new_cdp_session(page)
    info: dict = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: info.update(event))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if info.get("registrations"):
            break
        page.wait_for_timeout(100)
    registration_id = info["registrations"][0]["registrationId"]
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id,
            "data": json.dumps(
                {"title": "Day 1", "body": "Meet your buddy at 9:00", "url": "/", "tag": "s1"}
            ),
        },
    )
    shown: list = []
    for _ in range(50):  # the worker shows it asynchronously
        shown = page.evaluate(
            "navigator.serviceWorker.ready.then(r => r.getNotifications())"
            ".then(n => n.map(x => ({title: x.title, body: x.body, tag: x.tag, url: x.data.url})))"
        )
        if shown:
            break
        page.wait_for_timeout(200)
    assert shown == [{"title": "Day 1", "body": "Meet your buddy at 9:00", "tag": "s1", "url": "/"}]
    context.close()
