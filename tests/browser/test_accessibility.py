"""axe-core on every page of the app, for each role that can reach it, in English and in Arabic (right
to left) on a 360 px phone, with data on the screens (no serious or critical violations); keyboard
use and reflow at 200 % zoom.

The list of pages is read from frontend/src/app/App.tsx: a new route without a scan here fails
``test_every_route_of_the_app_is_scanned``."""

import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.chat.conftest import DOUBLE
from tests.factories import PASSWORD, TeamMembershipFactory
from welkom.accounts import services
from welkom.accounts.models import Role, Team, User
from welkom.chat import services as chat
from welkom.checklists.models import ChecklistItem
from welkom.checklists.services import item_update
from welkom.content.services import content_sync
from welkom.journeys import dispatch
from welkom.journeys.models import Plan
from welkom.language.models import LanguagePlan
from welkom.language.services import study_log_create
from welkom.modules import selectors as module_selectors
from welkom.modules import services as modules
from welkom.modules.models import Module
from welkom.newcomers.models import NewcomerProfile
from welkom.notifications.models import DeliveryChannel
from welkom.notifications.services import notification_send
from welkom.translation import services as translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
APP = ROOT / "frontend" / "src" / "app" / "App.tsx"
CATALOGS = ROOT / "translations" / "ui"
ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
LANGUAGES = ["en", "ar"]
# A11Y_SCREENSHOTS=folder keeps a full-page picture of every scanned page (to look at by hand).
SHOTS = Path(os.environ["A11Y_SCREENSHOTS"]) if os.environ.get("A11Y_SCREENSHOTS") else None

EVERYONE = tuple(ROLES)
HR = ("hr", "admin")
HELPERS = ("team_lead", "hr", "admin")
# Who can reach each page (the server gives the others no data for it). The newcomer's plan is
# shown to HR, the newcomer's team lead (team_lead) and buddy (colleague), and the newcomer.
REACHED_BY: dict[str, tuple[str, ...]] = {
    "/": EVERYONE,
    "/me": EVERYONE,
    "/notifications": EVERYONE,
    "/journeys/plans/:planId": EVERYONE,
    "/modules": EVERYONE,
    "/modules/reports": HR,
    "/modules/:slug": EVERYONE,
    "/language": HR,
    "/translation": HELPERS,
    "/chat": EVERYONE,
    "/chat/helper": HELPERS,
    "/chat/:id": EVERYONE,
    "/checklists": ("newcomer", "hr", "admin"),
    "/checklists/board": HR,
    "/newcomers/new": HR,
    "/newcomers/:id": HR,
    "/arrivals/import": HR,
    "/arrivals/cohort": HR,
    "/privacy": EVERYONE,
    "/settings/translation": HR,
    "/settings/privacy": HR,
    "/settings/sign-in": ("admin",),
    "/terms": EVERYONE,
    "/search": EVERYONE,
    "/feedback": HR,
}
PUBLIC = ["/login", "/forgot-password", "/reset-password/:uid/:token", "/invite/:token"]


def _app_routes() -> list[str]:
    return [path for path in re.findall(r'<Route\s+path="([^"]+)"', APP.read_text("utf-8")) if path != "*"]


def test_every_route_of_the_app_is_scanned():
    routes = _app_routes()
    assert len(routes) > 15  # the pattern still finds the routes
    assert sorted(routes) == sorted([*REACHED_BY, *PUBLIC]), "add the new page to REACHED_BY or PUBLIC"


def _catalog_text(language: str, key: str) -> str:
    for file in (CATALOGS / language).glob("*.json"):
        text = file.read_text("utf-8")
        if f'"{key}"' in text:
            return json.loads(text)[key]
    raise KeyError(key)


def _serious_violations(page) -> list[str]:
    # evaluate() runs outside the page's Content Security Policy, which rightly refuses inline scripts.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    assert result["testEngine"]["name"] == "axe-core"
    assert len(result["passes"]) > 10  # the rules really ran on this page
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


# --- Data on every screen ------------------------------------------------------------------------


@dataclass
class Demo:
    people: dict[str, User]
    plan: Plan
    profile: NewcomerProfile
    channels: dict[str, int]
    modules: dict[str, str]
    reset_link: str
    invitation_link: str

    def url(self, route: str, role: str) -> str:
        newcomer = {":id": str(self.profile.pk)} if role in HR else {}
        values = {":planId": str(self.plan.pk), ":slug": self.modules.get(role, ""), **newcomer}
        if route == "/chat/:id":
            return f"/chat/{self.channels[role]}"
        if route == "/checklists" and role in HR:
            return f"/checklists?newcomer={self.profile.pk}"
        for name, value in values.items():
            route = route.replace(name, value)
        return route


@pytest.fixture
def populated(transactional_db, settings, tmp_path, languages) -> Demo:
    """The demo organisation (`manage.py seed_demo` after `sync_content`) with something on every
    screen: a plan with sent steps, ticked checklist items, quiz answers, study time, chat messages
    (translated), notifications and an open invitation. Everybody reads English to start with."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.CHAT_LONG_POLL_SECONDS = 2  # no request may outlive the test database
    content_sync(root=django_settings.CONTENT_DIR)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    people = {role: User.objects.get(email__endswith="@demo.welkom.test", role=role) for role in ROLES}
    User.objects.filter(pk__in=[person.pk for person in people.values()]).update(language="en")
    for person in people.values():
        person.refresh_from_db()
    newcomer, hr = people["newcomer"], people["hr"]
    profile = NewcomerProfile.objects.get(user=newcomer)
    plan = Plan.objects.get(profile=profile)
    dispatch.dispatch_tick(now=timezone.now() + dt.timedelta(days=3))

    # Checklists: one item done, one does not apply.
    items = list(ChecklistItem.objects.filter(checklist__profile=profile).order_by("pk"))
    assert items, "the demo newcomer has checklists"
    item_update(item=items[0], changed_by=newcomer, status="done")
    item_update(item=items[-1], changed_by=hr, status="not_applicable", not_applicable_reason="Not needed")

    # Modules: the newcomer read one and missed a quiz question; everybody opens their first module.
    slugs = {role: module_selectors.modules_for(person).first().slug for role, person in people.items()}
    feedback = Module.objects.get(slug="direct-feedback")
    slugs["newcomer"] = feedback.slug
    modules.progress_update(user=newcomer, module=feedback, percent=60, section="")
    question = feedback.quiz[0]
    wrong = next(option for option in question["options"] if option not in question["correct"])
    modules.quiz_answer(user=newcomer, module=feedback, question_key=question["key"], choices=[wrong])

    # Language: some study time logged.
    study_log_create(
        plan=LanguagePlan.objects.get(profile=profile), studied_on=timezone.localdate(), minutes=45
    )

    # Chat: the admin joins the team too; messages in the team channel and a direct conversation.
    team = Team.objects.get(organisation=newcomer.organisation)
    TeamMembershipFactory(team=team, user=people["admin"])
    team_channel = chat.team_channel_sync(team=team)
    chat.reading_language_set(user=people["colleague"], language="nl")
    for author, text, language in [
        (people["team_lead"], "Welcome to the team! Lunch is at noon.", "en"),
        (people["colleague"], "Tot morgen", "nl"),
        (newcomer, "Thank you, see you tomorrow.", "en"),
    ]:
        message = chat.message_post(channel=team_channel, author=author, body=text, language=language)
        chat.message_translate(message_id=message.pk)
    direct = chat.direct_channel_open(opened_by=newcomer, other=hr)
    chat.message_post(channel=direct, author=newcomer, body="When do I get my BSN?", language="en")
    channels = dict.fromkeys(ROLES, team_channel.pk) | {"hr": direct.pk}

    # Notifications in everybody's inbox, and an invitation waiting to be accepted.
    for person in people.values():
        notification_send(
            recipient=person,
            kind="journey_step",
            title="Meet your buddy at the coffee machine",
            dedupe_key=f"a11y-{person.pk}",
            channels=[DeliveryChannel.IN_APP],
        )
    invitation = services.invitation_create(
        invited_by=hr, email="nina@example.test", full_name="Nina", role=Role.NEWCOMER
    )
    # Settings: an API key for /translate, glossary terms (kept as written, and one fixed translation).
    organisation = newcomer.organisation
    translation.api_key_create(organisation=organisation, name="Intranet", created_by=hr)
    translation.glossary_entry_create(organisation=organisation, term="DigiD")
    translation.glossary_entry_create(
        organisation=organisation, term="30% ruling", translation="30%-regeling", target_language="nl"
    )
    return Demo(
        people=people,
        plan=plan,
        profile=profile,
        channels=channels,
        modules=slugs,
        reset_link=urlsplit(services.password_reset_link(people["colleague"])).path,
        invitation_link=f"/invite/{services.invitation_token(invitation)}",
    )


# --- Waiting until a page has loaded ------------------------------------------------------------


class _Requests:
    """Requests the page has open (a chat long-poll, which waits on purpose, does not count)."""

    def __init__(self, page) -> None:
        self.open: set = set()
        page.on("request", lambda request: "wait=" not in request.url and self.open.add(request))
        page.on("requestfinished", lambda request: self.open.discard(request))
        page.on("requestfailed", lambda request: self.open.discard(request))


def _wait_until_loaded(page, requests: _Requests, language: str) -> None:
    """No request open, no "Loading…" shown and a level-1 heading, for a few polls in a row."""
    loading = _catalog_text(language, "common.loading")
    quiet = 0
    for _ in range(400):
        busy = bool(requests.open) or page.evaluate(
            "loading => !document.querySelector('h1') ||"
            " [...document.querySelectorAll('[role=status], .status')]"
            "  .some(e => e.textContent.trim() === loading)",
            loading,
        )
        quiet = 0 if busy else quiet + 1
        if quiet >= 6:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url} did not finish loading")


def _context(browser):
    # No service worker here: the offline test below covers it, and precaching on every login is slow.
    return browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="en-GB",
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)  # by id: the page may be in any language
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("[data-role]")).to_be_visible()  # the home screen


def _scan(page, requests, live_server, path: str, language: str) -> list[str]:
    page.goto(f"{live_server.url}{path}")
    _wait_until_loaded(page, requests, language)
    assert page.evaluate("document.documentElement.lang") == language, path
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} scrolls sideways"
    # What folds away (a checklist item's buttons and fields) is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true })")
    if SHOTS:
        SHOTS.mkdir(exist_ok=True)
        name = re.sub(r"\W+", "_", f"{language}{path}")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    return _serious_violations(page)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_has_no_serious_violations(browser, live_server, populated, role):
    person = populated.people[role]
    context = _context(browser)
    page = context.new_page()
    requests = _Requests(page)
    _login(page, live_server, person.email)
    found: dict[str, list[str]] = {}
    scanned = 0
    for language in LANGUAGES:
        User.objects.filter(pk=person.pk).update(language=language)  # the app follows the setting
        for route, roles in REACHED_BY.items():
            if role in roles:
                path = populated.url(route, role)
                violations = _scan(page, requests, live_server, path, language)
                scanned += 1
                if violations:
                    found[f"{language} {path}"] = violations
    context.close()
    assert scanned == 2 * sum(role in roles for roles in REACHED_BY.values())
    assert found == {}


def _after(page, requests, language: str, act) -> list[str]:
    act()
    _wait_until_loaded(page, requests, language)
    return _serious_violations(page)


def test_pages_a_role_may_not_use_say_so_accessibly(browser, live_server, populated):
    """A newcomer who opens a page for others (an old link, a guessed address) gets a readable refusal
    or an empty state, not a broken page."""
    person = populated.people["newcomer"]
    context = _context(browser)
    page = context.new_page()
    requests = _Requests(page)
    _login(page, live_server, person.email)
    found: dict[str, list[str]] = {}
    for route, roles in REACHED_BY.items():
        if "newcomer" not in roles:
            path = populated.url(route, "hr")  # the address HR would open
            if violations := _scan(page, requests, live_server, path, "en"):
                found[path] = violations
    context.close()
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_and_errors_on_pages_have_no_serious_violations(browser, live_server, populated, language):
    """What a page shows after an action: field errors, a translation with its back-translation, the
    writing helper's preview, a study-time log refused."""
    context = _context(browser)
    page = context.new_page()
    requests = _Requests(page)
    main = page.locator("main")
    found: dict[str, list[str]] = {}
    for role in ("hr", "newcomer"):
        person = populated.people[role]
        User.objects.filter(pk=person.pk).update(language=language)
        _login(page, live_server, person.email)
        _wait_until_loaded(page, requests, language)
        if role == "hr":
            _scan(page, requests, live_server, "/newcomers/new", language)
            found["/newcomers/new (empty form sent)"] = _after(
                page, requests, language, lambda: main.locator("button[type=submit]").click()
            )
            _scan(page, requests, live_server, "/translation", language)

            def translate() -> None:
                page.locator("#translate-source").select_option("en")
                page.locator("#translate-target").select_option("nl")
                page.locator("#translate-text").fill("Welcome to the team.")
                main.locator("button[type=submit]").click()
                expect(page.get_by_test_id("translation-output")).to_be_visible()

            found["/translation (translated)"] = _after(page, requests, language, translate)
            _scan(page, requests, live_server, "/chat/helper", language)

            def preview() -> None:
                page.locator("#translate-text").fill("Let's touch base about your DigiD.")
                main.locator("button[type=submit]").click()
                expect(page.locator(".helper-line").first).to_be_visible()

            found["/chat/helper (preview)"] = _after(page, requests, language, preview)
        else:
            _scan(page, requests, live_server, "/me", language)  # the newcomer's Dutch lessons

            def refused_log() -> None:
                page.locator("#log-minutes").fill("0")
                main.locator("form.inline-form button[type=submit]").click()
                expect(page.locator("#log-minutes-error")).to_be_visible()

            found["/me (study time refused)"] = _after(page, requests, language, refused_log)
        page.get_by_role("button", name=_catalog_text(language, "shell.menu")).click()
        page.get_by_role("button", name=_catalog_text(language, "layout.logout")).click()
        expect(page.locator("#email")).to_be_visible()
    context.close()
    assert {name: violations for name, violations in found.items() if violations} == {}


def test_public_pages_have_no_serious_violations(browser, live_server, populated):
    context = _context(browser)
    page = context.new_page()
    requests = _Requests(page)
    pages = {
        "/login": "/login",
        "/forgot-password": "/forgot-password",
        "/reset-password/:uid/:token": populated.reset_link,
        "/invite/:token": populated.invitation_link,
    }
    assert sorted(pages) == sorted(PUBLIC)
    found: dict[str, list[str]] = {}
    for language in LANGUAGES:
        page.goto(f"{live_server.url}/login")
        page.evaluate("language => localStorage.setItem('welkom.language', language)", language)
        for path in [*pages.values(), "/invite/not-a-token", "/reset-password/xx/yy"]:
            violations = _scan(page, requests, live_server, path, language)
            if violations:
                found[f"{language} {path}"] = violations
        # With the errors a wrong login shows.
        page.goto(f"{live_server.url}/login")
        _wait_until_loaded(page, requests, language)
        page.locator("#email").fill("nobody@example.test")
        page.locator("#password").fill("wrong password")
        page.locator("button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
        if violations := _serious_violations(page):
            found[f"{language} /login (wrong password)"] = violations
    context.close()
    assert found == {}


# --- Offline, keyboard, zoom ------------------------------------------------------------------------


@pytest.fixture
def planned(demo):
    NewcomerProfile.objects.create(
        organisation=demo.organisation, user=demo["newcomer"], arrival_on=dt.date(2026, 3, 2), team=demo.team
    )
    return demo


def _wait_for_service_worker(page) -> None:
    """The worker is active and controls the page (evaluate() polls: the CSP forbids eval)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(150):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the page")


def test_arabic_and_offline_states_have_no_serious_violations(phone, live_server, planned):
    page = phone.new_page()
    _login(page, live_server, planned["newcomer"].email)
    page.get_by_label("Language").select_option("ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^مرحبًا"))
    assert _serious_violations(page) == []
    _wait_for_service_worker(page)  # it precaches every screen and language before going offline
    phone.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.get_by_role("combobox", name=re.compile("^اللغة")).select_option(
        "pl"
    )  # queued: the pending banner shows too
    expect(page.get_by_text("Jesteś offline.")).to_be_visible()
    expect(page.get_by_text("1 zmiana czeka na wysłanie.")).to_be_visible()
    assert _serious_violations(page) == []
    phone.set_offline(False)
    expect(page.get_by_text("1 zmiana wprowadzona offline została zapisana.")).to_be_visible(timeout=15_000)
    assert _serious_violations(page) == []
    page.close()  # nothing may still talk to the server while the test database is emptied


def test_keyboard_only_newcomer(phone, live_server, planned):
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    expect(page.get_by_label("E-mail address")).to_be_visible()  # the app has rendered
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Log in with the keyboard alone.
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type(planned["newcomer"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome, "))
    # Every control on the home screen is reached by Tab, in order, with a visible focus ring.
    # (The app shell puts the top bar's language choice and menu before main and the tabs after it:
    # Tab goes on from where the focus is, through the end of the page and round again.)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.textContent.trim().slice(0, 20), s.outlineStyle !== 'none'] })()"
        )
        reached.append(focused)
        if {"SELECT", "BUTTON", "A"} <= {tag for tag, _, _ in reached}:
            break
    names = [tag for tag, _, _ in reached]
    assert {"SELECT", "BUTTON", "A"} <= set(names)
    assert all(visible for tag, _, visible in reached if tag != "BODY")


@pytest.mark.parametrize(("width", "height"), [(640, 400), (320, 568)])
def test_text_reflows_at_200_percent_zoom(browser, live_server, planned, width, height):
    """200 % zoom on a 1280 px screen gives a 640 px wide page; WCAG reflow asks for 320 px."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2)
    page = context.new_page()
    for role in ("newcomer", "hr"):
        _login(page, live_server, planned[role].email)
        expect(page.locator("[data-role]")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, role
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Welkom")
    context.close()
