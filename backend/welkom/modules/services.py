"""Writes for modules: reading progress, quiz answers, completion, and translations.

Other apps follow completions through the ``modules.signals.module_completed`` signal (journeys
mark the matching step done). Receivers run inside the completing transaction, so a failing one
undoes the completion too: nothing is half-written.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from welkom.accounts.models import User
from welkom.core.errors import ApiError
from welkom.modules import signals
from welkom.modules.content import render
from welkom.modules.models import (
    Module,
    ModuleProgress,
    ModuleTranslation,
    ModuleTranslationStatus,
    ProgressStatus,
    QuizAnswer,
)
from welkom.modules.selectors import question_version, quiz_to_look_at_again

# --- Progress --------------------------------------------------------------------------------------


def _progress_for(*, user: User, module: Module) -> ModuleProgress:
    if user.organisation_id is None:
        raise ApiError(gettext("Only people of an organisation keep progress."), code="no_organisation")
    progress, _ = ModuleProgress.objects.select_for_update().get_or_create(
        user=user, module=module, defaults={"organisation_id": user.organisation_id}
    )
    return progress


@transaction.atomic
def progress_update(*, user: User, module: Module, percent: int, section: str = "") -> ModuleProgress:
    """Remember where the reader is; a finished module stays finished (percent only grows)."""
    progress = _progress_for(user=user, module=module)
    progress.percent = max(progress.percent, percent) if progress.completed_at else percent
    progress.section = section[:200]
    progress.last_seen_at = timezone.now()
    progress.save()
    return progress


def _check_choices(question: dict[str, Any], choices: list[str]) -> None:
    unknown = sorted(set(choices) - set(question["options"]))
    if unknown:
        raise ApiError(
            gettext("These are not options of this question: %(options)s.") % {"options": ", ".join(unknown)},
            fields={"choices": [gettext("Unknown option: %(options)s.") % {"options": ", ".join(unknown)}]},
        )
    if not choices:
        raise ApiError(
            gettext("Choose an answer first."), fields={"choices": [gettext("Choose at least one option.")]}
        )
    if question["kind"] == "single" and len(choices) != 1:
        raise ApiError(
            gettext("This question has one right answer: choose one option."),
            fields={"choices": [gettext("Choose exactly one option.")]},
        )
    if len(set(choices)) != len(choices):
        raise ApiError(
            gettext("An option was chosen twice."), fields={"choices": [gettext("Each option only once.")]}
        )


@transaction.atomic
def quiz_answer(
    *, user: User, module: Module, question_key: str, choices: list[str], version: str | None = None
) -> QuizAnswer:
    """Score an answer on the server. The first attempt counts for the most-missed report.

    ``version``: the question's version as the reader saw it. An answer to a question that changed
    since (or was removed) is refused with 409 ``conflict`` and not scored: the reader answers the
    question as it is now (docs/mobile-app.md)."""
    question = module.question(question_key)
    if question is None and version is not None:
        raise ApiError(
            gettext(
                "This question was removed from the module after you answered it; your answer was not scored."
            ),
            code="conflict",
            status_code=409,
        )
    if question is None:
        raise ApiError(gettext("This module has no such question."), code="not_found", status_code=404)
    if version is not None and version != question_version(module, question):
        raise ApiError(
            gettext(
                "This question was changed after you answered it; your answer was not scored. "
                "Read the question again and answer it as it is now."
            ),
            code="conflict",
            status_code=409,
        )
    _check_choices(question, choices)
    correct = set(choices) == set(question["correct"])
    progress = _progress_for(user=user, module=module)
    progress.last_seen_at = timezone.now()
    progress.save(update_fields=["last_seen_at"])
    answer = QuizAnswer.objects.filter(progress=progress, question_key=question_key).first()
    if answer is None:
        return QuizAnswer.objects.create(
            progress=progress,
            question_key=question_key,
            chosen=choices,
            correct=correct,
            first_correct=correct,
        )
    answer.chosen, answer.correct = choices, correct
    answer.attempts += 1
    answer.answered_at = timezone.now()
    answer.save()
    return answer


@transaction.atomic
def module_complete(*, user: User, module: Module) -> ModuleProgress:
    """Mark the module finished: every quiz question answered, and at least half of them right (the
    latest answer counts; a reader answers again after the feedback). Finishing twice changes nothing."""
    progress = _progress_for(user=user, module=module)
    if progress.completed_at:
        return progress
    answered = set(progress.answers.values_list("question_key", flat=True))
    missing = [question["key"] for question in module.quiz if question["key"] not in answered]
    if missing:
        raise ApiError(
            gettext("Answer every quiz question before you finish the module."),
            code="quiz_unanswered",
            fields={
                "quiz": [gettext("Not answered yet: %(questions)s.") % {"questions": ", ".join(missing)}]
            },
        )
    wrong = quiz_to_look_at_again(progress=progress, module=module)
    if len(wrong) * 2 > len(module.quiz):
        raise ApiError(
            gettext(
                "More than half of your quiz answers are not right yet. Look at those questions again, "
                "answer them once more, then finish the module."
            ),
            code="quiz_not_passed",
            fields={"quiz": [gettext("Look again at: %(questions)s.") % {"questions": ", ".join(wrong)}]},
        )
    now = timezone.now()
    progress.status = ProgressStatus.COMPLETED
    progress.completed_at = now
    progress.last_seen_at = now
    progress.percent = 100
    progress.save()
    signals.module_completed.send(sender=Module, user=user, module=module)
    return progress


# --- Translations ----------------------------------------------------------------------------------


class TranslationEngineMissing(Exception):
    """Raised while no offline translation engine (the welkom.translation app) is installed."""


class Translate(Protocol):
    def __call__(self, text: str, *, source: str, target: str) -> str: ...


def _installed_engine() -> Translate:
    """The offline translation service (``welkom.translation``): Markdown, glossary terms, URLs and
    placeholders are kept intact by it. A pair without a language package fails clearly."""
    from welkom.translation import services as translation

    def translate(text: str, *, source: str, target: str) -> str:
        try:
            [result] = translation.translate_texts(
                organisation=None, texts=[text], source=source, target=target
            )
        except translation.TranslationError as error:
            raise TranslationEngineMissing(
                f"No translation engine is installed for {source}→{target}: {error} "
                "Install a language package (manage.py languages install), or write the translation "
                "by hand as <locale>.md."
            ) from error
        return result.text

    return translate


@transaction.atomic
def module_machine_translate(
    *, module: Module, locale: str, engine: Translate | None = None
) -> ModuleTranslation:
    """Fill ``locale`` of a module by machine translation, stored as *machine-translated, not reviewed*.

    A human translation is never overwritten. ``engine`` defaults to the installed offline service.
    """
    translate = engine or _installed_engine()
    existing = module.translations.filter(locale=locale).first()
    if existing and existing.status == ModuleTranslationStatus.HUMAN:
        raise ApiError(
            gettext("%(module)s already has a human translation in %(language)s.")
            % {"module": module.slug, "language": locale},
            code="exists",
        )
    source = module.translations.get(locale=module.source_locale)

    def tr(text: str) -> str:
        return translate(text, source=source.locale, target=locale) if text else text

    body = tr(source.body)
    values = {
        "status": ModuleTranslationStatus.MACHINE_UNREVIEWED,
        "title": tr(source.title),
        "summary": tr(source.summary),
        "body": body,
        "body_html": render(module.slug, body),
        "region_notes": {region: tr(note) for region, note in source.region_notes.items()},
        "reflection": [tr(question) for question in source.reflection],
        "quiz_text": {
            key: {
                "question": tr(text["question"]),
                "options": {option: tr(label) for option, label in text["options"].items()},
                "explanation": tr(text["explanation"]),
            }
            for key, text in source.quiz_text.items()
        },
        "source_hash": module.content_hash,
        "reviewed_by": None,
        "reviewed_at": None,
    }
    translation, _ = ModuleTranslation.objects.update_or_create(module=module, locale=locale, defaults=values)
    return translation


def translation_save(*, translation: ModuleTranslation) -> ModuleTranslation:
    """Save a reviewer's edit of a machine translation; the HTML is rendered again from the Markdown."""
    if translation.status == ModuleTranslationStatus.HUMAN:
        raise ApiError(
            gettext("Human translations come from the content files; change them there."), code="read_only"
        )
    translation.body_html = render(translation.module.slug, translation.body)
    translation.save()
    return translation


def translation_approve(*, translation: ModuleTranslation, reviewer: User) -> ModuleTranslation:
    if translation.status == ModuleTranslationStatus.HUMAN:
        return translation
    translation.status = ModuleTranslationStatus.APPROVED
    translation.reviewed_by = reviewer
    translation.reviewed_at = timezone.now()
    translation.source_hash = translation.module.content_hash
    return translation_save(translation=translation)
