"""A newcomer who reads Polish, Romanian or Arabic walks their screens on a phone (a login error,
today, a module with its quiz, checklists, the chat, notifications, their data) and meets no text
in English or Dutch: the test fails on any visible sentence that is an English or Dutch text of
the interface catalogs, the server catalogs or the content, where the reader's language has its own.

Names, places, official terms kept by the glossary (BSN, DigiD …) and what other people wrote in
the chat are none of those, so they are allowed by construction (issue 16, "Done when")."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import _Requests, _wait_until_loaded
from tests.chat.conftest import DOUBLE
from tests.factories import PASSWORD
from welkom.accounts.models import Role, Team, User
from welkom.chat import services as chat
from welkom.content.services import content_sync
from welkom.journeys import dispatch
from welkom.newcomers.models import NewcomerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "translations" / "ui"
SERVER = ROOT / "translations" / "server"
CONTENT = ROOT / "content"
SHORTEST = 14  # characters: shorter texts (a name, "OK", "BSN") say little about the language
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|%\([^)]*\)[sdif]|%[sd]|\{[^}]*\}|<[^>]*>")


def _ui(language: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for file in sorted((UI / language).glob("*.json")):
        texts.update(json.loads(file.read_text("utf-8")))
    return texts


def _pieces(text: str) -> list[str]:
    """The literal parts of a text with placeholders, each long enough to recognise."""
    parts = [part.strip(" .,:;!?()\"'«»„”“") for part in PLACEHOLDER.split(text)]
    return [part for part in parts if len(part) >= SHORTEST and " " in part]


def _content_texts(language: str) -> set[str]:
    """Titles and short texts of the content in ``language`` (YAML fields and Markdown front matter)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if language in node and isinstance(node[language], str):
                found.add(node[language].strip())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in CONTENT.rglob("*.yaml"):
        if not path.parent.name.startswith("_"):
            walk(yaml.safe_load(path.read_text("utf-8")))
    for path in CONTENT.rglob(f"{language}.md"):
        front = path.read_text("utf-8").split("---")[1] if path.read_text("utf-8").startswith("---") else ""
        for value in (yaml.safe_load(front) or {}).values():
            if isinstance(value, str):
                found.add(value.strip())
    return found


def foreign_texts(reader: str) -> dict[str, str]:
    """Every English and Dutch text a screen could show, mapped to where it comes from, leaving out
    what the reader's own language writes the same way."""
    own_ui = _ui(reader)
    own = set(own_ui.values()) | _content_texts(reader)
    foreign: dict[str, str] = {}
    for language in ("en", "nl"):
        for key, text in _ui(language).items():
            if own_ui.get(key) != text:
                foreign.update(dict.fromkeys(_pieces(text), f"UI catalog {language}: {key}"))
        for text in _content_texts(language):
            foreign.update(dict.fromkeys(_pieces(text), f"content ({language})"))
    with (SERVER / reader / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    for msgid, msgstr in catalog.items():
        msgid = msgid[0] if isinstance(msgid, tuple) else msgid
        if msgid and msgstr and msgstr != msgid and "\x04" not in msgid:
            foreign.update(dict.fromkeys(_pieces(msgid), "server text (en)"))
    for text in own:  # a text the reader's language shares (a product name, a quoted Dutch sentence)
        for piece in _pieces(text):
            foreign.pop(piece, None)
    return foreign


def _shown(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.body.innerText")


@pytest.fixture
def polish_demo(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.CHAT_LONG_POLL_SECONDS = 2
    content_sync(root=django_settings.CONTENT_DIR)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    newcomer = User.objects.get(email__endswith="@demo.welkom.test", role=Role.NEWCOMER)
    dispatch.dispatch_tick(now=timezone.now() + dt.timedelta(days=3))
    lead = User.objects.get(email__endswith="@demo.welkom.test", role=Role.TEAM_LEAD)
    channel = chat.team_channel_sync(team=Team.objects.get(organisation=newcomer.organisation))
    message = chat.message_post(
        channel=channel, author=lead, body="Welcome! Lunch is at noon.", language="en"
    )
    chat.message_translate(message_id=message.pk)
    return newcomer


@pytest.mark.parametrize("reader", ["pl", "ro", "ar"])
def test_a_newcomer_meets_only_their_own_language(browser, live_server, polish_demo, reader):
    newcomer = polish_demo
    User.objects.filter(pk=newcomer.pk).update(language=reader)
    NewcomerProfile.objects.filter(user=newcomer).update(languages_spoken=[reader], preferred_language=reader)
    foreign = foreign_texts(reader)
    assert len(foreign) > 500  # the catalogs and the content were read
    own = {piece for text in _ui(reader).values() for piece in _pieces(text)} - set(foreign)

    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale=reader, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    requests = _Requests(page)
    met: dict[str, list[str]] = {}

    def look(where: str) -> None:
        _wait_until_loaded(page, requests, reader)
        text = _shown(page)
        assert any(piece in text for piece in own), f"{where} shows nothing of the {reader} catalog"
        for piece, origin in foreign.items():
            if piece in text:
                met.setdefault(where, []).append(f"{piece!r} ({origin})")

    # An error from a bad form: a wrong password, before the app knows who this is.
    page.goto(f"{live_server.url}/login")
    page.locator("input[type=email]").fill(newcomer.email)
    page.locator("input[type=password]").fill("not-the-password")
    page.locator("button[type=submit]").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    look("/login (wrong password)")

    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    for path in [
        "/",
        "/modules/direct-feedback",
        "/checklists",
        "/chat",
        "/notifications",
        "/me",
        "/privacy",
    ]:
        page.goto(f"{live_server.url}{path}")
        look(path)
    context.close()
    assert met == {}
