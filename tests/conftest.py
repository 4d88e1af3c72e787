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

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.clocks import FAKED_CLOCK, without_faketime
from tests.factories import PASSWORD, OrganisationFactory, TeamFactory, TeamMembershipFactory, UserFactory
from welkom.accounts.models import Organisation, Role, Team, User

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
        for name, applies in (("postgresql_only", on_sqlite), ("redis_only", lambda: not on_redis())):
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
    yield
    cache.clear()


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


class ClockedBrowser:
    """Chromium on the test process's clock.

    Chromium does not run under libfaketime (its network service dies), so under ``faketime`` it is
    started without it, on the real clock, and each new context gets the test process's moment as its
    pages' clock (Playwright's clock, which then runs on): the pages see the same date as the server
    they talk to. Without faketime both clocks are the real one and nothing is changed."""

    def __init__(self, browser) -> None:  # type: ignore[no-untyped-def]
        self._browser = browser

    def new_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = self._browser.new_context(*args, **kwargs)
        if FAKED_CLOCK:
            from datetime import UTC, datetime

            context.clock.install(time=datetime.now(UTC))
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
