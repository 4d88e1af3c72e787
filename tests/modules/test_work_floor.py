"""The work-floor modules of issue 18: at least eight, each with a quiz and reflection in English
and Dutch, examples from more than one kind of workplace, and no pointer to a module that does not
exist. Amounts are never typed into a module: they live as dated data on checklist items."""

import re

import pytest
from django.conf import settings

from welkom.modules.models import Module

pytestmark = pytest.mark.django_db

WORK_FLOOR = {
    "pay-and-payslip", "working-hours", "calling-in-sick", "agency-work", "housing-with-the-job",
    "getting-help", "health-care", "getting-around", "staying-longer",
}  # fmt: skip
# "the module *Title*" / "de module *Titel*" in a text names another module by its title.
MODULE_MENTION = re.compile(r"\bmodule\s+\*([^*]+)\*", re.IGNORECASE)
EURO_AMOUNT = re.compile(r"(€\s?\d|\d\s?(euro|EUR)\b)")


def test_at_least_eight_work_floor_modules_with_quiz_and_reflection(shipped_modules):
    modules = {m.slug: m for m in Module.objects.filter(slug__in=WORK_FLOOR).prefetch_related("translations")}
    assert set(modules) == WORK_FLOOR
    for slug, module in modules.items():
        texts = {t.locale: t for t in module.translations.all()}
        assert {"en", "nl"} <= set(texts), slug
        assert len(module.quiz) >= 2, slug
        for text in (texts["en"], texts["nl"]):  # the sources as written; translations follow them
            assert len(text.reflection) >= 2, slug
            assert "<h2>Sources</h2>" in text.body_html or "<h2>Bronnen</h2>" in text.body_html, slug
            # Several wrong options per question: a right answer is never the only choice.
            assert all(len(q["options"]) >= 3 for q in text.quiz_text.values()), slug


def test_examples_come_from_more_than_one_kind_of_workplace(shipped_modules):
    for slug in WORK_FLOOR:
        body = Module.objects.get(slug=slug).translations.get(locale="en").body.lower()
        places = {
            p for p in ("warehouse", "greenhouse", "office", "factory", "distribution centre") if p in body
        }
        assert len(places) >= 2, (slug, places)


def test_no_text_points_at_a_module_that_does_not_exist(shipped_modules):
    titles: dict[str, set[str]] = {}
    for module in Module.objects.filter(archived_at=None).prefetch_related("translations"):
        for text in module.translations.all():
            titles.setdefault(text.locale, set()).add(text.title.split(":")[0].strip().casefold())
            titles[text.locale].add(text.title.strip().casefold())
    mentions = 0
    for module in Module.objects.filter(archived_at=None).prefetch_related("translations"):
        for text in module.translations.all():
            for named in MODULE_MENTION.findall(text.body):
                mentions += 1
                assert named.strip().casefold() in titles[text.locale], (module.slug, text.locale, named)
    assert mentions >= 5


def test_amounts_are_not_typed_into_module_texts():
    for slug in WORK_FLOOR:
        for locale in ("en", "nl"):
            text = (settings.CONTENT_DIR / "modules" / slug / f"{locale}.md").read_text()
            assert not EURO_AMOUNT.search(text), (slug, locale)
