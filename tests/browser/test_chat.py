"""Two people in two browsers, one reading Dutch and one English, chat live through the real UI.

Translation runs on a real Celery worker with the deterministic test translator plugged in through
the CHAT_TRANSLATOR setting (the same door the Argos engine uses)."""

import pytest
from playwright.sync_api import expect

from tests.chat.conftest import DOUBLE
from tests.factories import PASSWORD
from welkom.chat import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 5000  # ms: messages arrive through long polling, without a reload


def _open_chat(browser, live_server, user, channel_id):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("[data-role]")).to_be_visible()
    page.goto(f"{live_server.url}/chat/{channel_id}")
    return context, page


def test_dutch_and_english_readers_chat_live(browser, live_server, demo, settings, celery_worker):
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.CHAT_LONG_POLL_SECONDS = 2  # short holds, so no request outlives the test database
    lead, colleague = demo["team_lead"], demo["colleague"]
    colleague.language = "nl"
    colleague.save()
    services.reading_language_set(user=lead, language="en")
    services.reading_language_set(user=colleague, language="nl")
    channel = services.team_channel_sync(team=demo.team)

    english_context, english = _open_chat(browser, live_server, lead, channel.pk)
    dutch_context, dutch = _open_chat(browser, live_server, colleague, channel.pk)
    try:
        expect(english.get_by_role("heading", name="Platform")).to_be_visible()
        expect(dutch.get_by_text("Nog geen berichten. Zeg hallo!")).to_be_visible()

        english.get_by_label("Your message").fill("Good morning")
        english.get_by_role("button", name="Send").click()
        expect(english.locator(".chat-text").last).to_have_text("Good morning")

        expect(dutch.locator(".chat-text").last).to_have_text("Goedemorgen", timeout=LIVE)
        expect(dutch.get_by_text("Vertaald uit het Engels.")).to_be_visible()
        dutch.get_by_role("button", name="Toon origineel").click()
        expect(dutch.locator(".chat-text").last).to_have_text("Good morning")
        dutch.get_by_role("button", name="Toon vertaling").click()
        expect(dutch.locator(".chat-text").last).to_have_text("Goedemorgen")

        dutch.get_by_label("Je bericht").fill("Tot morgen")
        dutch.get_by_role("button", name="Versturen").click()
        expect(english.locator(".chat-text").last).to_have_text("See you tomorrow", timeout=LIVE)
        expect(english.get_by_text("Translated from Dutch.")).to_be_visible()

        # The writer edits their message; the other reader sees the new translation without a reload.
        english.locator(".chat-message.mine").get_by_role("button", name="Edit").click()
        english.get_by_label("Edit your message").fill("Hello")
        english.get_by_role("button", name="Save").click()
        expect(dutch.locator(".chat-message").first.locator(".chat-text")).to_have_text("Hallo", timeout=LIVE)
        assert dutch.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        english_context.close()
        dutch_context.close()


def _login(page, live_server, user):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("[data-role]")).to_be_visible()


def test_newcomer_starts_a_conversation_with_hr(phone, live_server, demo):
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"])
    # The home page is Today now: chat is one of the newcomer's tabs.
    page.get_by_role("link", name="Chat", exact=True).first.click()
    page.get_by_role("button", name=demo["hr"].display_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo["hr"].display_name)
    page.get_by_label("Your message").fill("When do I get my BSN?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".chat-text").last).to_have_text("When do I get my BSN?")


def test_team_lead_checks_a_notice_on_the_translate_page(phone, live_server, demo, settings):
    settings.CHAT_TRANSLATOR = DOUBLE
    page = phone.new_page()
    _login(page, live_server, demo["team_lead"])
    # The home page shows the person's own work now; the notice helper is linked from the chat screen.
    page.goto(f"{live_server.url}/chat")
    page.get_by_role("link", name="Translate an e-mail or notice").click()
    page.get_by_label("Text").fill("Let's touch base about your DigiD.")
    page.get_by_role("button", name="Translate", exact=True).click()
    expect(page.locator(".hint-idiom")).to_contain_text("touch base")
    expect(page.locator(".hint-glossary_keep")).to_contain_text("DigiD")
    polish = page.locator("[data-language='pl']")
    expect(polish.get_by_role("textbox")).to_have_value("[pl] Let's touch base about your DigiD.")
    expect(polish.locator("q")).to_have_text("Let's touch base about your DigiD.")
    polish.get_by_role("textbox").fill("Porozmawiajmy krótko o Twoim DigiD.")
    polish.get_by_role("button", name="Save this correction").click()
    expect(page.get_by_role("status").filter(has_text="Correction for Polish saved")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_reader_is_told_when_no_package_translates_into_their_language(phone, live_server, demo, settings):
    settings.CHAT_TRANSLATOR = DOUBLE  # knows no package into Tigrinya (ti)
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"])
    page.goto(f"{live_server.url}/chat")
    choice = page.get_by_label("I read the chat in")
    choice.select_option("ti")
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    notice = page.get_by_text("No language package translates into Tigrinya yet")
    expect(notice).to_be_visible()
    choice.select_option("pl")
    expect(
        page.get_by_role("status").filter(has_text="New messages are translated into this language")
    ).to_be_visible()
    expect(notice).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_leads_helper_puts_send_below_the_preview_and_says_corrections_are_remembered(
    phone, live_server, demo, settings
):
    settings.CHAT_TRANSLATOR = DOUBLE
    channel = services.team_channel_sync(team=demo.team)
    services.reading_language_set(user=demo["team_lead"], language="en")
    services.reading_language_set(user=demo["newcomer"], language="nl")
    page = phone.new_page()
    _login(page, live_server, demo["team_lead"])
    page.goto(f"{live_server.url}/chat/{channel.pk}")
    page.get_by_label("Your message").fill("Good morning")
    page.get_by_role("button", name="Check translations").click()
    line = page.locator(".helper-line").first
    expect(line.get_by_role("textbox")).to_be_visible()
    expect(line.get_by_test_id("correction-remembered")).to_have_text(
        "A correction you make here is remembered: next time this text is translated, your version is used."
    )
    expect(line.get_by_test_id("back-translation")).to_be_visible()  # the double is a real route
    send = page.get_by_role("button", name="Send")
    expect(send).to_have_count(1)
    preview_box = page.locator(".helper-preview").bounding_box()
    send_box = send.bounding_box()
    assert preview_box is not None
    assert send_box is not None
    assert send_box["y"] >= preview_box["y"] + preview_box["height"]
