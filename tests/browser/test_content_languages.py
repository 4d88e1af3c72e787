"""An Arabic reader's checklists: Arabic where there is Arabic, English (said so, in Arabic) where
there is not, each text isolated in its own direction (issue 16, bidi isolation)."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.checklists.conftest import make_profile
from tests.content.test_translations import TREE
from tests.factories import PASSWORD
from welkom.content.services import content_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_TITLE = "سجّل في gemeente Amsterdam خلال 5 أيام"
ARABIC_BODY = "## register\n\nاحجز موعدًا لدى [gemeente](https://www.government.nl/register).\n"  # noqa: RUF001


@pytest.fixture
def arabic_reader(demo, tmp_path):  # type: ignore[no-untyped-def]
    root = tmp_path / "content"
    shutil.copytree(TREE, root)
    (root / "checklists" / "papers" / "ar.yaml").write_text(
        f"items:\n  - key: register\n    title: {ARABIC_TITLE}\n", encoding="utf-8"
    )
    (root / "checklists" / "papers" / "ar.md").write_text(ARABIC_BODY, encoding="utf-8")
    content_sync(root=root)
    user = demo["newcomer"]
    user.language = "ar"
    user.save(update_fields=["language"])
    make_profile(demo, user, municipality="amsterdam")
    return user


def test_arabic_reader_sees_mixed_text_in_order_and_english_named_as_such(phone, live_server, arabic_reader):
    page = phone.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(arabic_reader.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto(f"{live_server.url}/checklists")

    register = page.locator("[data-ref='papers/register'] .item-title")
    expect(register).to_have_text(ARABIC_TITLE)
    digid = page.locator("[data-ref='papers/digid'] .item-title")
    expect(digid).to_have_text("Apply for DigiD")
    # dir="auto": the Arabic title runs right to left with its Latin name and number kept in order,
    # the English one left to right inside the right-to-left page.
    direction = "element => getComputedStyle(element).direction"
    assert register.evaluate(direction) == "rtl"
    assert digid.evaluate(direction) == "ltr"
    assert digid.get_attribute("lang") == "en"
    assert register.get_attribute("lang") == "ar"

    page.locator("[data-ref='papers/digid'] summary").click()
    note = page.locator("[data-ref='papers/digid'] [data-note='fallback']")
    expect(note).to_be_visible()
    assert "Apply" not in note.inner_text()
    assert any("\u0600" <= ch <= "\u06ff" for ch in note.inner_text())  # said in Arabic
