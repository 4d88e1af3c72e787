"""The chat screen's message states (issue 17): a writer sees their own words as written, and a
translation that does not come in time ends as "shown as written", with the reason."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_chat import LIVE, _open_chat
from tests.chat.conftest import DOUBLE
from welkom.chat import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_reading_dutch_sees_their_english_message_as_written(
    browser, live_server, demo, settings, celery_worker
):
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.CHAT_LONG_POLL_SECONDS = 2
    lead, colleague = demo["team_lead"], demo["colleague"]
    services.reading_language_set(user=lead, language="nl")  # the lead reads the chat in Dutch
    services.reading_language_set(user=colleague, language="nl")
    channel = services.team_channel_sync(team=demo.team)

    lead_context, writer = _open_chat(browser, live_server, lead, channel.pk)
    reader_context, reader = _open_chat(browser, live_server, colleague, channel.pk)
    try:
        writer.get_by_label("Your message").fill("Good morning")
        writer.get_by_role("button", name="Send").click()
        # The worker made the Dutch translation: the reader gets it, the writer keeps their words.
        expect(reader.locator(".chat-text").last).to_have_text("Goedemorgen", timeout=LIVE)
        writer.reload()
        expect(writer.locator(".chat-text").last).to_have_text("Good morning")
        expect(writer.locator(".chat-mark")).to_have_count(0)
    finally:
        lead_context.close()
        reader_context.close()


def test_a_translation_that_does_not_come_is_shown_as_written_with_the_reason(
    browser, live_server, demo, settings
):
    settings.CHAT_TRANSLATOR = DOUBLE
    settings.CHAT_LONG_POLL_SECONDS = 2
    settings.CHAT_TRANSLATION_WAIT_SECONDS = 3  # and no worker runs: nothing will translate it
    lead, colleague = demo["team_lead"], demo["colleague"]
    services.reading_language_set(user=lead, language="en")
    services.reading_language_set(user=colleague, language="pl")
    channel = services.team_channel_sync(team=demo.team)

    lead_context, writer = _open_chat(browser, live_server, lead, channel.pk)
    reader_context, reader = _open_chat(browser, live_server, colleague, channel.pk)
    try:
        writer.get_by_label("Your message").fill("Shift starts at 7")
        writer.get_by_role("button", name="Send").click()
        expect(reader.get_by_text("Translating…")).to_be_visible(timeout=LIVE)
        expect(reader.get_by_text("Translating…")).to_have_count(0, timeout=LIVE)
        expect(reader.locator(".chat-text").last).to_have_text("Shift starts at 7")
        expect(reader.get_by_text("The translation did not arrive in time", exact=False)).to_be_visible()
        reader.reload()  # the server says the same once the time is up
        expect(reader.get_by_text("The translation did not arrive in time", exact=False)).to_be_visible()
    finally:
        lead_context.close()
        reader_context.close()
