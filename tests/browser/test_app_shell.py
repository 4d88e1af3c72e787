"""The newcomer's phone app as an app (issue 19): bottom tabs and a one-row top bar, Today as step
cards with progress, tappable notifications with an unread count, pages a role may not use, and a
screen whose code cannot be downloaded."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_login import _login
from tests.journeys.conftest import make_profile
from welkom.content.loader import SyncReport
from welkom.journeys import dispatch, services
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate, PlanStep
from welkom.notifications.models import DeliveryChannel, Notification
from welkom.notifications.services import notification_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATALOGS = Path(__file__).resolve().parents[2] / "translations" / "ui"
TABS = ["shell.nav.today", "shell.nav.learn", "shell.nav.checklists", "shell.nav.chat", "shell.nav.me"]


def catalog(language: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for file in sorted((CATALOGS / language).glob("*.json")):
        texts.update(json.loads(file.read_text("utf-8")))
    return texts


@pytest.fixture
def planned(settings, demo):
    """The newcomer's plan a few days in: their own steps, and a welcome call HR does."""
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    template = JourneyTemplate.objects.get(slug="ict-kennismigrant")
    today = timezone.localdate()
    profile = make_profile(demo, arrival=today + timedelta(days=28), first_day=today + timedelta(days=35))
    plan = services.plan_create(profile=profile, template=template, created_by=demo["hr"])
    dispatch.dispatch_tick(now=timezone.now() + timedelta(days=3))
    return plan


def _top_bar_spread(page) -> int:
    """How far apart (px) the middles of the top bar's items are: the brand, bell, language, menu."""
    tops = page.evaluate(
        "[...document.querySelectorAll('header.topbar .brand, header.topbar .topbar-actions > *')]"
        ".map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))"
    )
    assert len(tops) == 4, tops
    return max(tops) - min(tops)


@pytest.mark.parametrize("language", ["en", "nl", "pl", "ar"])
def test_newcomer_has_bottom_tabs_and_a_one_row_top_bar(phone, live_server, demo, planned, language):
    demo["newcomer"].language = language
    demo["newcomer"].save(update_fields=["language"])
    texts = catalog(language)
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    tabs = page.get_by_role("navigation", name=texts["shell.tabs"])
    expect(tabs.get_by_role("link")).to_have_text([texts[key] for key in TABS])
    assert _top_bar_spread(page) < 20, "the top bar wraps"
    assert page.locator("header.topbar").bounding_box()["height"] < 80
    # The tabs sit at the bottom of the 740 px screen, and chat is one tap away.
    box = tabs.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(740, abs=2)
    tabs.get_by_role("link", name=texts["shell.nav.chat"]).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    expect(tabs.get_by_role("link", name=texts["shell.nav.chat"])).to_have_attribute("aria-current", "page")
    tabs.get_by_role("link", name=texts["shell.nav.me"]).click()
    expect(page.get_by_role("link", name=texts["privacy.link"])).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for key in TABS[:3]:  # the other tabs fit the phone too
        tabs.get_by_role("link", name=texts[key]).click()
        expect(tabs.get_by_role("link", name=texts[key])).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, key


@pytest.mark.parametrize("language", ["en", "nl", "ar"])
def test_hr_uses_a_compact_menu_and_logs_out_from_it(phone, live_server, demo, language):
    """HR's main tasks from the menu at 360 px, in English, Dutch and Arabic (right to left)."""
    demo["hr"].language = language
    demo["hr"].save(update_fields=["language"])
    texts = catalog(language)
    page = phone.new_page()
    _login(page, live_server, demo["hr"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["home.hr.title"])
    expect(page.get_by_role("navigation", name=texts["shell.tabs"])).to_have_count(0)  # no newcomer tabs
    assert _top_bar_spread(page) < 20, "the top bar wraps"
    menu_button = page.get_by_role("button", name=texts["shell.menu"])
    menu_button.click()
    menu = page.get_by_role("navigation", name=texts["shell.menu"])
    expect(menu.get_by_role("link", name=texts["shell.nav.board"])).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    # Each main task is one tap in the menu away, fits the phone, and has no back link (top level).
    for label, path in (
        ("shell.nav.addNewcomer", r"/newcomers/new$"),
        ("shell.nav.board", r"/checklists/board$"),
        ("shell.nav.language", r"/language$"),
    ):
        menu_button.click()
        menu.get_by_role("link", name=texts[label], exact=True).click()
        expect(page).to_have_url(re.compile(path))
        expect(menu).to_have_count(0)  # closed after the tap
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, label
    menu_button.click()
    menu.get_by_role("button", name=texts["layout.logout"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["login.title"])


def test_today_shows_progress_links_and_no_button_on_steps_of_others(phone, live_server, demo, planned):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    today = page.locator("section[aria-labelledby='today-title']")
    total = PlanStep.objects.filter(plan=planned).exclude(state="skipped").count()
    expect(today.get_by_label(f"0 of {total} done")).to_be_visible(timeout=15_000)
    call = today.locator("li.step", has_text="Welcome call with the newcomer")
    expect(call).to_contain_text(f"{demo['hr'].full_name} does this step")
    expect(call.get_by_role("button")).to_have_count(0)
    read = today.locator("li.step", has_text="Read: direct feedback at Dutch workplaces")
    expect(read.get_by_role("button", name="Done")).to_be_visible()
    # Own steps come first.
    expect(today.locator("li.step").first).to_have_attribute("data-mine", "true")
    # A module step opens its module (a done step leaves Today, so this comes first).
    read.locator("a[href^='/modules/']").click()
    expect(page).to_have_url(re.compile(r"/modules/[\w-]+$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.go_back()
    read.get_by_role("button", name="Done").click()
    expect(today.get_by_label(f"1 of {total} done")).to_be_visible()
    assert PlanStep.objects.get(plan=planned, key="read-direct-feedback").state == "done"


def test_notifications_show_an_unread_count_open_their_link_and_are_marked_read(phone, live_server, demo):
    newcomer = demo["newcomer"]
    for index, (title, link) in enumerate([("Your checklist is waiting", "/checklists"), ("Welcome!", "")]):
        notification_send(
            recipient=newcomer,
            kind="journey_step",
            title=title,
            link=link,
            dedupe_key=f"shell-{index}",
            channels=[DeliveryChannel.IN_APP],
        )
    page = phone.new_page()
    _login(page, live_server, newcomer.email)
    bell = page.locator("header.topbar a[href='/notifications']")
    expect(bell).to_have_accessible_name(re.compile("Notifications.*2 unread"))
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    page.get_by_role("link", name=re.compile("Your checklist is waiting")).click()
    expect(page).to_have_url(re.compile(r"/checklists$"))
    expect(bell).to_have_accessible_name(re.compile("Notifications.*1 unread"))
    assert Notification.objects.get(recipient=newcomer, title="Your checklist is waiting").read_at is not None
    bell.click()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    expect(bell).to_have_accessible_name("Notifications")
    assert not Notification.objects.filter(recipient=newcomer, read_at=None).exists()


def test_a_page_for_hr_says_not_allowed_to_a_newcomer_without_calling_its_apis(phone, live_server, demo):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.locator("[data-role]")).to_be_visible()
    asked: list[str] = []
    page.on("request", lambda request: "/api/" in request.url and asked.append(request.url))
    refused: list[int] = []
    page.on("response", lambda response: response.status == 403 and refused.append(response.status))
    for path in ("/language", "/newcomers/new", "/checklists/board", "/settings/privacy"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
        expect(page.get_by_role("button", name="Save plan")).to_have_count(0)
    assert refused == []
    assert not [url for url in asked if re.search(r"/api/(language|newcomers|checklists|privacy)", url)]


def test_a_screen_whose_code_cannot_be_downloaded_offers_a_retry(browser, live_server, demo):
    # Without the service worker: it would serve the screen's code from its precache.
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.locator("[data-role]")).to_be_visible()
    page.route(re.compile(r"/static/.*ChecklistsPage.*\.js$"), lambda route: route.abort())
    tabs = page.get_by_role("navigation", name="Main sections")
    tabs.get_by_role("link", name="Checklists").click()
    alert = page.get_by_role("alert").filter(has=page.get_by_role("heading", level=1))
    expect(alert.get_by_role("heading", level=1)).to_have_text("This screen could not be loaded")
    page.unroute(re.compile(r"/static/.*ChecklistsPage.*\.js$"))
    alert.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("This screen could not be loaded")
    expect(page).to_have_url(re.compile(r"/checklists$"))
    # Other tabs still work after a failed one.
    tabs.get_by_role("link", name="Today").click()
    expect(page.locator("[data-role]")).to_be_visible()
    context.close()


def test_a_chat_message_written_offline_waits_and_is_sent_once_on_reconnect(phone, live_server, demo):
    from welkom.chat import services as chat
    from welkom.chat.models import Message

    direct = chat.direct_channel_open(opened_by=demo["newcomer"], other=demo["hr"])
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.locator("[data-role]")).to_be_visible()
    page.goto(f"{live_server.url}/chat/{direct.pk}")
    expect(page.get_by_label("Your message")).to_be_visible()

    phone.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    for text in ("When do I get my BSN?", "And my bank card?"):
        page.get_by_label("Your message").fill(text)
        page.get_by_role("button", name="Send").click()
    waiting = page.get_by_role("list", name="Messages waiting to be sent")
    expect(waiting.locator(".chat-text")).to_have_text(["When do I get my BSN?", "And my bank card?"])
    expect(waiting.get_by_text("Waiting to send")).to_have_count(2)
    expect(page.get_by_label("Your message")).to_have_value("")
    assert not Message.objects.filter(channel=direct).exists()

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(waiting).to_have_count(0, timeout=15_000)
    expect(page.locator("ol.chat-messages:not(.chat-waiting) .chat-text")).to_have_text(
        ["When do I get my BSN?", "And my bank card?"]
    )
    assert list(Message.objects.filter(channel=direct).order_by("pk").values_list("body", flat=True)) == [
        "When do I get my BSN?",
        "And my bank card?",
    ]


def test_offline_within_a_second_of_the_first_login_the_app_still_opens(phone, live_server, demo, planned):
    """The first visit ever on this phone: the worker must control the page by the time the first
    screen shows, so an offline reload opens the app, and a screen never opened says so in Dutch."""
    demo["newcomer"].language = "nl"
    demo["newcomer"].save(update_fields=["language"])
    texts = catalog("nl")
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.locator("[data-role]")).to_be_visible()
    phone.set_offline(True)
    page.reload()
    expect(page.locator("header.topbar .brand")).to_be_visible()
    expect(page.locator("[data-role]")).to_be_visible()
    expect(page.get_by_text(texts["offline.title"]).first).to_be_visible()
    # The checklists were never opened online: the screen's code is there, its data is not.
    page.get_by_role("navigation", name=texts["shell.tabs"]).get_by_role(
        "link", name=texts["shell.nav.checklists"]
    ).click()
    expect(page.get_by_text(texts["errors.offline"]).first).to_be_visible()


def test_inner_screens_have_a_back_link_and_the_newcomer_home_is_today(phone, live_server, demo, planned):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.locator("section[aria-labelledby='today-title']")).to_be_visible()
    # Only Today on the start screen: chat, modules, teams and alerts are behind their tabs.
    expect(page.get_by_role("heading", name="Teams")).to_have_count(0)
    expect(page.get_by_role("heading", name="Team chat")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Back")).to_have_count(0)  # a tab has no back link
    tabs = page.get_by_role("navigation", name="Main sections")
    page.locator("li.step a[href^='/modules/']").first.click()  # a step's module
    back = page.get_by_role("navigation", name="Back").get_by_role("link")
    expect(back).to_have_text("← Back to Learn")
    back.click()
    expect(page).to_have_url(re.compile(r"/modules$"))
    expect(page.get_by_role("navigation", name="Back")).to_have_count(0)
    tabs.get_by_role("link", name="Me").click()
    # The panels above "My data" come in as their answers do and push its link down: clicked while
    # one still came in, the tap landed on another panel (once in a fresh clone's run).
    for panel in ("Your start", "Your Dutch lessons", "Teams"):
        expect(page.get_by_role("region", name=panel)).to_be_visible()
    expect(page.get_by_role("region", name="Your Dutch lessons").get_by_role("button")).to_be_visible()
    page.locator("main a[href='/privacy']").click()
    expect(back).to_have_text("← Back to Me")
    back.click()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()


def test_a_step_planned_in_the_home_zone_shows_in_the_phones_zone_with_the_zone_named(
    browser, live_server, settings, demo
):
    """Issue 19: a plan made for a newcomer whose home zone is Kolkata. The municipality appointment
    is after arrival, so it is set at 09:00 Amsterdam time (not 09:00 in Kolkata, which showed as
    04:30 on a phone in Amsterdam). Shown in the phone's zone, named when it is not the profile's."""
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    newcomer = demo["newcomer"]
    newcomer.time_zone = "Asia/Kolkata"
    newcomer.save(update_fields=["time_zone"])
    today = timezone.localdate()
    profile = make_profile(
        demo, arrival=today + timedelta(days=28), first_day=today + timedelta(days=35), tz="Asia/Kolkata"
    )
    services.plan_create(
        profile=profile, template=JourneyTemplate.objects.get(slug="ict-kennismigrant"), created_by=demo["hr"]
    )
    shown = {}
    for zone in ("Europe/Amsterdam", "Asia/Kolkata"):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, timezone_id=zone, service_workers="block"
        )
        page = context.new_page()
        _login(page, live_server, newcomer.email)
        step = page.locator("li.step", has_text="Go to your municipality appointment")
        expect(step).to_be_visible()
        shown[zone] = step.locator("p.muted").first.inner_text()
        context.close()
    assert re.search(r"\b09:00 Central European Time\b", shown["Europe/Amsterdam"]), shown
    # On a phone still set to Kolkata: the same moment in Kolkata time (CET +4:30, CEST +3:30), no zone named.
    assert re.search(r", 1[23]:30 · ", shown["Asia/Kolkata"]), shown
