"""A newcomer reads a culture module and answers its quiz on a 360 px phone screen."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import PASSWORD
from welkom.content.services import content_sync
from welkom.modules.models import ModuleProgress, QuizAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_newcomer_reads_a_module_and_answers_its_quiz_on_a_phone(phone, live_server, demo):
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules"])
    page = phone.new_page()
    _login(page, live_server, demo["newcomer"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, " + demo["newcomer"].full_name)

    page.locator("nav.bottom-tabs a[href='/modules']").click()  # the Learn tab
    expect(page.get_by_role("heading", level=1)).to_have_text("Culture modules")
    expect(page.get_by_role("heading", name="Direct feedback")).to_be_visible()
    # modules written for colleagues are not in a newcomer's library
    expect(page.get_by_role("heading", name="Welcoming a newcomer as a buddy")).to_have_count(0)
    _no_horizontal_scroll(page)

    page.get_by_role("link", name="Planning, agendas and punctuality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning, agendas and punctuality")
    expect(page.get_by_role("heading", name="Punctuality", exact=True)).to_be_visible()
    _no_horizontal_scroll(page)

    # reading down the page is remembered
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(1500)
    for _ in range(20):
        if ModuleProgress.objects.filter(user=demo["newcomer"], module__slug="planning-punctuality").exists():
            break
        page.wait_for_timeout(250)
    assert ModuleProgress.objects.get(user=demo["newcomer"], module__slug="planning-punctuality").percent > 0

    # a wrong answer first: immediate feedback with the explanation
    first = page.locator("form.quiz-question").nth(0)
    first.get_by_label("Nothing; ten minutes is normal.").check()
    first.get_by_role("button", name="Check my answer").click()
    expect(first.get_by_role("status")).to_contain_text("Not quite.")
    expect(first.get_by_role("status")).to_contain_text("not letting people know")
    expect(first.get_by_role("button", name="Answer again")).to_be_visible()
    first.get_by_label("Send a short message before 9:30").check()
    first.get_by_role("button", name="Check my answer").click()
    expect(first.get_by_role("status")).to_contain_text("Right!")

    second = page.locator("form.quiz-question").nth(1)
    second.get_by_label("Someone suggests a date").check()
    second.get_by_role("button", name="Check my answer").click()
    expect(second.get_by_role("status")).to_contain_text("Right!")
    _no_horizontal_scroll(page)

    page.get_by_role("button", name="I have finished this module").click()
    expect(page.get_by_text("You finished this module. Well done!")).to_be_visible()
    answer = QuizAnswer.objects.get(progress__user=demo["newcomer"], question_key="late")
    assert (answer.correct, answer.first_correct, answer.attempts) == (True, False, 2)

    page.get_by_role("link", name="← All modules").click()
    title = page.get_by_role("heading", name="Planning, agendas and punctuality")
    card = page.locator("li.module-card", has=title)
    expect(card.get_by_text("Finished")).to_be_visible()


def test_dutch_reader_gets_the_dutch_text(phone, live_server, demo):
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules"])
    newcomer = demo["newcomer"]
    newcomer.language = "nl"
    newcomer.save()
    page = phone.new_page()
    _login(page, live_server, newcomer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, " + newcomer.full_name)
    page.locator("nav.bottom-tabs a[href='/modules']").click()  # the Learn tab
    page.get_by_role("link", name="Directe feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directe feedback")
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    _no_horizontal_scroll(page)


def test_hr_sees_completion_and_the_most_missed_questions(phone, live_server, demo):
    from welkom.modules import services
    from welkom.modules.models import Module

    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules"])
    module = Module.objects.get(slug="direct-feedback")
    newcomer = demo["newcomer"]
    services.quiz_answer(user=newcomer, module=module, question_key="code-review", choices=["angry"])
    services.quiz_answer(user=newcomer, module=module, question_key="giving-feedback", choices=["concrete"])

    page = phone.new_page()
    _login(page, live_server, demo["hr"].email)
    expect(page.get_by_role("heading", level=1)).to_have_text("HR overview")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu").locator("a[href='/modules']").click()
    page.get_by_role("link", name="Module reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Module reports")
    per_newcomer = page.locator("section", has=page.get_by_role("heading", name="Per newcomer"))
    from welkom.modules.selectors import modules_for

    shown = modules_for(newcomer).count()  # the newcomer's modules (more arrive with the content)
    expect(per_newcomer.get_by_role("row", name=newcomer.full_name)).to_contain_text(f"0 of {shown}")
    missed = page.locator("section", has=page.get_by_role("heading", name="Most often missed quiz questions"))
    expect(missed.get_by_role("listitem")).to_have_count(2)
    expect(missed).to_contain_text("In a code review a colleague writes")
    _no_horizontal_scroll(page)
