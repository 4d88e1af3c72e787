"""Read aloud and "did this help?" beyond modules, on a 360 px phone: a journey step read by the
server's voice where the phone has no voice for the language (Arabic, right to left; espeak-ng runs
for real), a notification and a chat message read by the phone's own voices (a recording stand-in
for the browser's speech API)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_reading import _login, _no_horizontal_scroll
from tests.journeys.conftest import make_profile
from welkom.chat.services import message_post, team_channel_sync
from welkom.content.loader import SyncReport
from welkom.feedback.models import ContentFeedback
from welkom.journeys import dispatch, services
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate
from welkom.notifications.models import DeliveryChannel
from welkom.notifications.services import notification_send
from welkom.speech import services as speech
from welkom.speech.models import SpeechAudio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


STAND_IN = """
window.__spoken = [];
const voices = window.__voices.map(
  (lang) => ({ lang, name: lang, localService: true, default: false, voiceURI: lang }));
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.voice = null; } };
Object.defineProperty(window, "speechSynthesis", { value: {
  getVoices: () => voices,
  speak: (u) => window.__spoken.push({ text: u.text, lang: u.voice && u.voice.lang }),
  cancel() {}, pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
}});
"""


def _stand_in(languages: list[str]) -> str:
    """Records what the page asks the browser to say; voices only for ``languages``."""
    return f"window.__voices = {json.dumps(languages)};" + STAND_IN


@pytest.fixture
def arabic_plan(settings, demo):  # type: ignore[no-untyped-def]
    """The demo newcomer reads Arabic and has a journey whose first steps are due."""
    sync_journeys(settings.CONTENT_DIR / "journeys", SyncReport())
    today = timezone.localdate()
    profile = make_profile(demo, arrival=today + timedelta(days=28), first_day=today + timedelta(days=35))
    services.plan_create(
        profile=profile, template=JourneyTemplate.objects.get(slug="ict-kennismigrant"), created_by=demo["hr"]
    )
    dispatch.dispatch_tick(now=timezone.now() + timedelta(days=3))
    newcomer = demo["newcomer"]
    newcomer.language = "ar"
    newcomer.save(update_fields=["language"])
    return newcomer


def test_arabic_newcomer_hears_a_step_in_the_servers_voice_and_answers(phone, live_server, arabic_plan):
    newcomer = arabic_plan
    page = phone.new_page()
    page.add_init_script(_stand_in(["nl-NL"]))  # no Arabic or English voice on this phone
    _login(page, live_server, newcomer.email)
    expect(page.get_by_role("heading", name="اليوم وما بعده")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"

    step = page.locator("section[aria-labelledby='today-title'] li.step").first
    step.locator("summary", has_text="استمع، وهل ساعدك هذا؟").click()
    step.get_by_role("button", name="اقرأ بصوت عالٍ").click()
    expect(step.get_by_role("alert")).to_contain_text("لا يوجد في هذا الهاتف صوت للغتك بعد.")
    step.get_by_role("button", name="استمع بصوت الخادم").click()
    for _ in range(50):  # the request made its row; the job (run here, for real) makes the audio
        audio = SpeechAudio.objects.first()
        if audio:
            break
        page.wait_for_timeout(100)
    speech.speech_synthesise(audio_id=audio.pk)
    player = step.get_by_label("تسجيل صوتي لهذا النص")
    expect(player).to_be_visible()
    assert player.get_attribute("src").startswith("/api/speech/audio?kind=step")
    served = page.evaluate(
        "async (src) => { const r = await fetch(src); return [r.status, r.headers.get('content-type')]; }",
        player.get_attribute("src"),
    )
    assert served == [200, "audio/wav"]
    _no_horizontal_scroll(page)

    step.get_by_role("button", name="نعم").click()
    expect(step.get_by_role("status").last).to_have_text("شكرًا. حُفظ جوابك.")
    row = ContentFeedback.objects.get(user=newcomer)
    assert (row.kind, row.helpful) == ("step", True)
    page.close()


def test_polish_newcomer_hears_a_notification_and_a_chat_message(phone, live_server, demo):
    newcomer = demo["newcomer"]
    newcomer.language = "pl"
    newcomer.save(update_fields=["language"])
    notification_send(
        recipient=newcomer,
        kind="test",
        title="Zadzwoń pod 0900-8844",
        body="Wizyta 2026-03-09 o 9:30.",
        dedupe_key="reading-aloud",
        channels=[DeliveryChannel.IN_APP],
        queue=False,
    )
    channel = team_channel_sync(team=demo.team)
    message_post(channel=channel, author=demo["colleague"], body="Welkom! Tot morgen.", language="nl")
    page = phone.new_page()
    page.add_init_script(_stand_in(["pl-PL", "nl-NL"]))
    _login(page, live_server, newcomer.email)
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/notifications")
    notice = page.locator("li.notice-item", has_text="0900-8844")
    notice.locator("summary", has_text="Posłuchaj").click()
    notice.get_by_role("button", name="Czytaj na głos").click()
    expect(notice.locator(".read-aloud-current mark")).to_have_text("Zadzwoń pod 0 9 0 0, 8 8 4 4.")
    assert page.evaluate("window.__spoken[0]") == {"text": "Zadzwoń pod 0 9 0 0, 8 8 4 4.", "lang": "pl-PL"}
    _no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/chat/{channel.pk}")
    message = page.locator("li.chat-message", has_text="Tot morgen")
    message.locator("summary", has_text="Posłuchaj").click()
    message.get_by_role("button", name="Czytaj na głos").click()
    expect(message.locator(".read-aloud-current mark")).to_have_text("Welkom!")
    assert page.evaluate("window.__spoken.at(-1)") == {"text": "Welkom!", "lang": "nl-NL"}
    _no_horizontal_scroll(page)
    page.close()  # ends the chat's long poll before the server stops
