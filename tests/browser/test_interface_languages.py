"""Romanian and Bulgarian on a small phone: the newcomer switches the interface and the home screen
speaks that language, with its own dates, and the top bar still fits 360 px."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_login import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UI = Path(__file__).resolve().parents[2] / "translations" / "ui"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
# The first working day (9 March 2026) as each language writes a date (Intl, dateStyle "medium").
FIRST_DAY = {"ro": "9 mar. 2026", "bg": "9.03.2026 г."}  # noqa: RUF001 (Cyrillic "g." for "godina", year)


def catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((UI / language).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def _english_left_on(page, language: str) -> list[str]:
    """Interface texts still shown in English: English catalog entries (long enough to mean
    something) whose translation differs, found in the page's visible text."""
    english, own = catalog("en"), catalog(language)
    visible = page.locator("body").inner_text()
    return [
        text
        for key, text in english.items()
        if "{{" not in text and len(text) >= 8 and own.get(key) != text and text in visible
    ]


def _top_bar_overflow(page) -> list[str]:
    """Top bar controls that stick out of the 360 px screen or cut their own label."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.topbar a, .topbar button, .topbar select')]
              .filter((el) => {
                const box = el.getBoundingClientRect();
                return box.left < 0 || box.right > window.innerWidth || el.scrollWidth > el.clientWidth + 1;
              })
              .map((el) => el.textContent.trim() || el.tagName)"""
    )


@pytest.mark.parametrize("language", ["ro", "bg"])
def test_newcomer_reads_the_home_screen_in_romanian_and_bulgarian(
    phone, live_server, demo, planned_newcomer, language
):
    texts = catalog(language)
    newcomer = demo["newcomer"]
    page = phone.new_page()
    _login(page, live_server, newcomer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome, "))

    page.get_by_label("Language").select_option(language)
    title = texts["home.newcomer.title"].replace("{{name}}", newcomer.full_name or newcomer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(texts["common.loading"])).to_have_count(0)  # every panel has loaded
    assert _english_left_on(page, language) == []
    page.locator("nav.bottom-tabs a[href='/me']").click()  # "my start" lives behind the Me tab
    start = page.get_by_role("region", name=texts["start.title"])
    expect(start).to_contain_text(texts["start.firstDay"])
    expect(start).to_contain_text(FIRST_DAY[language])
    expect(start).to_contain_text(demo["colleague"].full_name)
    expect(page.get_by_role("combobox", name=texts["layout.language"])).to_have_value(language)
    page.get_by_role("button", name=texts["shell.menu"]).click()  # "my data" and logging out
    menu = page.get_by_role("navigation", name=texts["shell.menu"])
    expect(menu.get_by_role("link", name=texts["privacy.link"])).to_be_visible()
    expect(page.get_by_role("button", name=texts["layout.logout"])).to_be_visible()
    page.get_by_role("button", name=texts["shell.menu"]).click()
    expect(page.get_by_text(texts["common.loading"])).to_have_count(0)  # every panel has loaded
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [language, "ltr"]
    assert _english_left_on(page, language) == []
    assert _top_bar_overflow(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.reload()  # the choice is stored with the account
    expect(page.get_by_role("region", name=texts["start.title"])).to_contain_text(FIRST_DAY[language])
    newcomer.refresh_from_db()
    assert newcomer.language == language
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"newcomer-home-{language}.png"), full_page=True)
