"""For the newcomer who reads little, on a 360 px phone: Dutch words explained in their language,
read aloud (a recording stand-in for the browser's speech API), one search, and "did this help?",
which HR then sees. Arabic is read right to left."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import PASSWORD
from welkom.content.services import content_sync
from welkom.feedback.models import ContentFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what the page asks the browser to say, with a voice for every language but Turkish.
SPEECH_STAND_IN = """
window.__spoken = [];
const voices = ["en-GB", "nl-NL", "pl-PL", "ar-SA"].map(
  (lang) => ({ lang, name: lang, localService: true, default: false, voiceURI: lang }));
class Utterance {
  constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; this.onend = null; }
}
window.SpeechSynthesisUtterance = Utterance;
Object.defineProperty(window, "speechSynthesis", { value: {
  getVoices: () => voices,
  speak: (u) => window.__spoken.push({ text: u.text, lang: u.voice && u.voice.lang, rate: u.rate }),
  cancel() {}, pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
}});
"""


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_polish_newcomer_reads_hears_searches_and_answers_on_a_phone(browser, phone, live_server, demo):
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules", "terms"])
    newcomer = demo["newcomer"]
    newcomer.language = "pl"
    newcomer.save(update_fields=["language"])
    page = phone.new_page()
    page.add_init_script(SPEECH_STAND_IN)
    _login(page, live_server, newcomer.email)
    page.wait_for_url(f"{live_server.url}/")

    # A module: the first "overleg" is marked and opens its explanation in Polish
    page.goto(f"{live_server.url}/modules/overleg")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overleg")
    marked = page.locator("article .term-mark[data-term='overleg']")
    expect(marked).to_have_count(1)
    marked.click()
    explained = page.get_by_role("dialog", name="overleg")
    expect(explained).to_contain_text("Wspólna rozmowa, zanim zapadnie decyzja.")
    _no_horizontal_scroll(page)

    # Read aloud: the module in its own language, the sentence being read is marked
    page.get_by_role("button", name="Czytaj na głos").first.click()
    expect(page.locator(".read-aloud-current mark").first).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    polish = [u["text"] for u in spoken if u["lang"] == "pl-PL"]
    dutch = [u["text"] for u in spoken if u["lang"] == "nl-NL"]
    assert polish  # the module in Polish, read with a Polish voice ...
    assert all(len(text.split()) <= 2 for text in dutch)  # ... its Dutch terms with a Dutch one
    assert "*" not in "".join(polish)
    # ... and the term in Dutch
    explained.get_by_role("button", name="Czytaj na głos").click()
    assert page.evaluate("window.__spoken.at(-1)") == {"text": "overleg.", "lang": "nl-NL", "rate": 1}

    # Did this help?
    prompt = page.locator(".helpful").first
    prompt.get_by_role("button", name="Nie").click()
    expect(prompt.get_by_role("status")).to_have_text("Dziękujemy. Twoja odpowiedź została zapisana.")
    prompt.get_by_label("Komentarz (opcjonalnie, w dowolnym języku)").fill("Za dużo tekstu")
    prompt.get_by_role("button", name="Wyślij").click()
    expect(prompt.get_by_role("status")).to_be_visible()
    for _ in range(20):
        row = ContentFeedback.objects.filter(user=newcomer, key="overleg").first()
        if row and row.comment:
            break
        page.wait_for_timeout(200)
    assert (row.kind, row.helpful, row.comment) == ("module", False, "Za dużo tekstu")

    # The term list is a page of its own
    page.goto(f"{live_server.url}/terms")
    expect(page.get_by_role("heading", level=1)).to_have_text("Holenderskie słowa wyjaśnione")
    expect(page.locator("#term-bsn")).to_contain_text("Twój osobisty numer")
    _no_horizontal_scroll(page)

    # One search, diacritics folded, Dutch terms found
    page.goto(f"{live_server.url}/search")
    page.get_by_label("Szukaj w modułach, listach i holenderskich słowach").fill("wyplaty")
    expect(page.get_by_role("link", name="loonstrook")).to_be_visible()
    page.get_by_label("Szukaj w modułach, listach i holenderskich słowach").fill("zorgverzekering")
    expect(page.locator(".search-results li").first).to_contain_text("zorgverzekering")
    _no_horizontal_scroll(page)
    page.close()

    # HR sees the answer and the comment
    hr_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", is_mobile=True)
    hr_page = hr_context.new_page()
    _login(hr_page, live_server, demo["hr"].email)
    hr_page.wait_for_url(f"{live_server.url}/")
    hr_page.goto(f"{live_server.url}/feedback")
    item = hr_page.locator(".feedback-list li").first
    expect(item).to_contain_text("0 helpful, 1 not helpful")
    expect(item).to_contain_text("Za dużo tekstu")
    hr_context.close()


def test_turkish_and_arabic_readers_get_the_terms_in_their_language_arabic_right_to_left(
    browser, phone, live_server, demo
):
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["terms"])
    newcomer = demo["newcomer"]
    newcomer.language = "tr"
    newcomer.save(update_fields=["language"])
    page = phone.new_page()
    page.add_init_script(SPEECH_STAND_IN)
    _login(page, live_server, newcomer.email)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/terms")
    expect(page.locator("#term-bsn")).to_contain_text("Hollanda devletindeki kişisel numaran")

    newcomer.language = "ar"
    newcomer.save(update_fields=["language"])
    page.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", is_mobile=True)
    page = context.new_page()
    page.add_init_script(SPEECH_STAND_IN)
    _login(page, live_server, newcomer.email)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/terms")
    expect(page.get_by_role("heading", level=1)).to_have_text("كلمات هولندية مشروحة")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator("#term-bsn")).to_contain_text("رقمك الشخصي")
    _no_horizontal_scroll(page)
    context.close()


def test_newcomer_reads_a_checklist_item_with_terms_explained_and_answers_on_a_phone(
    phone, live_server, demo
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.checklists.conftest import make_profile

    content_sync(root=Path(settings.CONTENT_DIR), kinds=["checklists", "terms"])
    today = timezone.localdate()
    make_profile(demo, arrival_on=today + timedelta(days=3), first_day_on=today + timedelta(days=7))
    page = phone.new_page()
    page.add_init_script(SPEECH_STAND_IN)
    _login(page, live_server, demo["newcomer"].email)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/checklists")
    item = page.locator("[data-ref='arrival-registration/register-brp']")
    item.locator("summary").click()
    item.locator(".term-mark[data-term='bsn']").click()
    expect(item.get_by_role("dialog", name="BSN")).to_contain_text(
        "Your personal number with the Dutch government."
    )
    item.get_by_role("button", name="Read aloud").first.click()
    assert page.evaluate("window.__spoken[0].lang") == "en-GB"
    item.get_by_role("button", name="Yes").click()
    expect(item.get_by_role("status")).to_have_text("Thank you. Your answer was saved.")
    _no_horizontal_scroll(page)
    row = ContentFeedback.objects.get(user=demo["newcomer"])
    assert (row.kind, row.key, row.helpful) == ("checklist_item", "arrival-registration/register-brp", True)
