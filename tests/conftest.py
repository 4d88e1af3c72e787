"""Shared fixtures: an API client that behaves like the browser (CSRF enforced), organisations with
one person per role, a real Celery worker consuming from the run's broker, and Chromium through
Playwright. Also the markers that sort tests into ``make test``'s lanes (docs/testing.md)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from tests.clocks import FAKED_CLOCK, without_faketime
from tests.factories import PASSWORD, OrganisationFactory, TeamFactory, TeamMembershipFactory, UserFactory
from welkom.accounts.models import Organisation, Role, Team, User
from welkom.chat.selectors import shared_changes_forget

# Small real Argos packages (session-scoped builders) for every folder that translates, and an S3
# server on 127.0.0.1 for the object-storage tests.
pytest_plugins = ["tests.translation_packages", "tests.object_storage"]

# --- Lanes --------------------------------------------------------------------------------------

TESTS_DIR = Path(__file__).resolve().parent
# Where the outcome could depend on the hour, the weekday, the date or the time zone. These get the
# ``clock`` marker (``make pytest PYTEST_ARGS="-m clock"`` runs them); ``make test`` runs them, with
# every other test but the browser tests, once more under a night-time clock (the SQLite lane).
# Elsewhere, mark a test ``@pytest.mark.clock`` by hand.
CLOCK_SENSITIVE = (
    "journeys/",
    "notifications/",
    "language/",
    "checklists/",
    "offline/",
    "privacy/",
    "chat/test_mentions.py",
    "chat/test_retention.py",
    "accounts/test_invitations.py",
    "browser/test_journeys.py",
    "browser/test_language.py",
    "browser/test_checklists.py",
)


def on_sqlite() -> bool:
    return bool(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"))


def on_redis() -> bool:
    return bool(settings.CELERY_BROKER_URL.startswith("redis"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            relative = item.path.relative_to(TESTS_DIR).as_posix()
        except ValueError:
            relative = ""
        if relative.startswith(CLOCK_SENSITIVE):
            item.add_marker(pytest.mark.clock)
        for name, applies in (
            ("postgresql_only", on_sqlite),
            ("redis_only", lambda: not on_redis()),
            ("once", on_sqlite),
        ):
            marker = item.get_closest_marker(name)
            if marker is None:
                continue
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{name} needs a reason")
            if applies():
                item.add_marker(pytest.mark.skip(reason=f"{name}: {reason}"))


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    shared_changes_forget()
    yield
    cache.clear()
    shared_changes_forget()


@pytest.fixture(autouse=True, scope="session")
def _notification_links_open_a_page() -> Iterator[None]:
    """Every notification any test makes, one at a time or in bulk, that links into the app must link
    to one of its pages (``tests/app_routes.py``): the bell, the e-mail and the push open it."""
    from django.db.models import QuerySet
    from django.db.models.signals import pre_save

    from tests.app_routes import is_app_route
    from welkom.notifications.models import Notification

    def check(notification: Notification) -> None:
        assert not notification.link.startswith("/") or is_app_route(notification.link), (
            f"notification {notification.kind!r} links to {notification.link!r}, a path no route of "
            "frontend/src/app/App.tsx opens"
        )

    def on_save(sender: type[Notification], instance: Notification, **kwargs: object) -> None:
        check(instance)

    bulk_create = QuerySet.bulk_create

    def checked_bulk_create(self: QuerySet, objs: Any, *args: Any, **kwargs: Any) -> Any:
        if self.model is Notification:
            objs = list(objs)
            for notification in objs:
                check(notification)
        return bulk_create(self, objs, *args, **kwargs)

    pre_save.connect(on_save, sender=Notification, dispatch_uid="tests-notification-links")
    QuerySet.bulk_create = checked_bulk_create  # type: ignore[method-assign]
    yield
    QuerySet.bulk_create = bulk_create  # type: ignore[method-assign]
    pre_save.disconnect(sender=Notification, dispatch_uid="tests-notification-links")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language. Django keeps the active language per
    thread, so a request or a service that activates Dutch would otherwise leave it active for the
    next test in the same process, and that test's texts would depend on the order tests ran in."""
    translation.deactivate()
    yield
    translation.deactivate()


class CsrfClient(APIClient):
    """An API client that sends CSRF tokens like the browser app does.

    Django's test client skips the CSRF check by default; this one enforces it."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, enforce_csrf_checks=True, **kwargs)

    def _token(self) -> str:
        if "csrftoken" not in self.cookies:
            self.get("/login")  # the SPA page sets the cookie
        return self.cookies["csrftoken"].value

    def generic(self, method, path, data="", content_type="application/octet-stream", secure=False, **extra):  # type: ignore[no-untyped-def]
        if method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE") and "HTTP_X_CSRFTOKEN" not in extra:
            extra["HTTP_X_CSRFTOKEN"] = self._token()
        return super().generic(method, path, data, content_type, secure=secure, **extra)

    def login_as(self, user: User, password: str = PASSWORD) -> CsrfClient:
        response = self.post("/api/auth/login", {"email": user.email, "password": password}, format="json")
        assert response.status_code == 200, response.content
        return self


@pytest.fixture
def client_factory(db):  # type: ignore[no-untyped-def]
    def make(user: User | None = None) -> CsrfClient:
        client = CsrfClient()
        if user is not None:
            client.login_as(user)
        return client

    return make


@pytest.fixture
def api(client_factory):  # type: ignore[no-untyped-def]
    return client_factory()


@dataclass
class Org:
    organisation: Organisation
    team: Team
    people: dict[str, User]

    def __getitem__(self, role: str) -> User:
        return self.people[role]


def make_org(slug: str) -> Org:
    organisation = OrganisationFactory(slug=slug, name=slug.title())
    people = {
        role: UserFactory(organisation=organisation, role=role, email=f"{role}@{slug}.test")
        for role in Role.values
    }
    team = TeamFactory(organisation=organisation, name="Platform", lead=people[Role.TEAM_LEAD])
    for role in (Role.TEAM_LEAD, Role.NEWCOMER, Role.COLLEAGUE):
        TeamMembershipFactory(team=team, user=people[role])
    return Org(organisation, team, people)


@pytest.fixture
def org_a(db) -> Org:  # type: ignore[no-untyped-def]
    return make_org("alpha")


@pytest.fixture
def org_b(db) -> Org:  # type: ignore[no-untyped-def]
    return make_org("bravo")


# --- A real Celery worker on Redis ---------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db):  # type: ignore[no-untyped-def]
    """A Celery worker thread consuming every queue from the Redis broker of the test settings."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        queues=["default", "notifications", "translation"],
        loglevel="WARNING",
        shutdown_timeout=20,
    ) as worker:
        yield worker
    from django.db import connections

    connections.close_all()


# --- Chromium through Playwright ---------------------------------------------------------------------

CHROMIUM = os.environ.get("WELKOM_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


# Moves a page's wall clock (``Date`` and a date-less ``Intl.DateTimeFormat`` format) by a fixed
# number of milliseconds; timers, ``performance`` and everything else stay the browser's own.
SHIFTED_CLOCK = """(() => {
  const offset = %d;
  const NativeDate = Date;
  const now = () => NativeDate.now() + offset;
  function ShiftedDate(...args) {
    if (!new.target) return new NativeDate(now()).toString();
    return Reflect.construct(NativeDate, args.length ? args : [now()], new.target);
  }
  Object.setPrototypeOf(ShiftedDate, NativeDate);
  ShiftedDate.prototype = NativeDate.prototype;
  ShiftedDate.now = now;
  Object.defineProperty(NativeDate.prototype, "constructor", {
    value: ShiftedDate, writable: true, configurable: true,
  });
  globalThis.Date = ShiftedDate;
  const formats = Intl.DateTimeFormat.prototype;
  const format = Object.getOwnPropertyDescriptor(formats, "format").get;
  const toParts = formats.formatToParts;
  Object.defineProperty(formats, "format", {
    get() { const bound = format.call(this); return (date) => bound(date === undefined ? now() : date); },
    configurable: true,
  });
  formats.formatToParts = function (date) { return toParts.call(this, date === undefined ? now() : date); };
})();"""


class ClockedBrowser:
    """Chromium on the test process's clock.

    Chromium does not run under libfaketime (its network service dies), so under ``faketime`` it is
    started without it, on the real clock, and every page of every new context gets the test
    process's wall clock: the real one moved by faketime's offset, measured once against the browser.
    The pages see the same date and time as the server they talk to, on every page load, and their
    timers run at the browser's own pace. Without faketime both clocks are the real one and nothing is
    changed.

    Not Playwright's ``clock.install(time=...)``: each new document replays the install and catches up
    by the time passed since, measured with the Playwright driver's ``Date.now()``. The driver is a
    child of this process and runs under libfaketime, the browser does not; the catch-up comes out
    negative and is skipped, so every page load started the page's clock again at the moment the
    context was made, minutes behind the server after a few logins under load (a chat message's
    "Translating…" outlived its deadline by that much)."""

    def __init__(self, browser) -> None:  # type: ignore[no-untyped-def]
        self._browser = browser
        self._offset_ms: int | None = None

    def _offset(self) -> int:
        """This process's (faked) wall clock minus the browser's (real) one, in milliseconds: the
        sample with the shortest round trip, its middle taken as the browser's moment."""
        if self._offset_ms is None:
            context = self._browser.new_context()
            page = context.new_page()
            samples = []
            for _ in range(5):
                before = time.time() * 1000
                browser_now = page.evaluate("Date.now()")
                after = time.time() * 1000
                samples.append((after - before, (before + after) / 2 - browser_now))
            context.close()
            self._offset_ms = round(min(samples)[1])
        return self._offset_ms

    def new_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = self._browser.new_context(*args, **kwargs)
        if FAKED_CLOCK:
            context.add_init_script(SHIFTED_CLOCK % self._offset())
        return context

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            env=without_faketime(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield ClockedBrowser(browser)
        browser.close()


@pytest.fixture
def phone(browser, live_server, transactional_db, settings):  # type: ignore[no-untyped-def]
    """A fresh browser context the size of a small phone (360 x 740).

    It depends on the database fixture so that it is closed before the database is flushed: a
    request still running in the live server (a chat long-poll) would otherwise hold a lock that
    the flush waits for. Long-polls are kept short for the same reason."""
    settings.CHAT_LONG_POLL_SECONDS = 2
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", is_mobile=True, has_touch=True
    )
    yield context
    context.close()
    time.sleep(0.2)  # let requests the closed page had started finish in the server thread
