"""Reads for modules. Content is global; progress and reports start from ``for_tenant``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import users_of_organisation
from welkom.core.language import pick, reader_languages
from welkom.core.tenancy import for_tenant
from welkom.modules.content import render
from welkom.modules.models import (
    Audience,
    Module,
    ModuleProgress,
    ModuleTranslation,
    ProgressStatus,
    QuizAnswer,
)
from welkom.modules.regions import REGIONS, region_of_country

AUDIENCES_BY_ROLE: dict[str, list[str]] = {
    Role.NEWCOMER: [Audience.NEWCOMER, Audience.BOTH],
    Role.COLLEAGUE: [Audience.COLLEAGUE, Audience.BOTH],
    Role.TEAM_LEAD: [Audience.COLLEAGUE, Audience.BOTH],
    Role.HR: [Audience.NEWCOMER, Audience.COLLEAGUE, Audience.BOTH],
    Role.ADMIN: [Audience.NEWCOMER, Audience.COLLEAGUE, Audience.BOTH],
}


def modules_for(user: User) -> QuerySet[Module]:
    """The library: modules written for the user's audience that are not archived, with their
    translations and the user's own progress (fixed number of queries whatever the length)."""
    progress = for_tenant(ModuleProgress.objects.all(), user).filter(user=user)
    return (
        Module.objects.filter(archived_at__isnull=True, audience__in=AUDIENCES_BY_ROLE.get(user.role, []))
        .prefetch_related(
            Prefetch("translations", queryset=ModuleTranslation.objects.order_by("locale")),
            Prefetch("progress", queryset=progress.prefetch_related("answers"), to_attr="my_progress"),
        )
        .order_by("order", "slug")
    )


def live_module_slugs() -> set[str]:
    """Slugs of modules that are not archived: what a journey step may point to."""
    return set(Module.objects.filter(archived_at__isnull=True).values_list("slug", flat=True))


def modules_with_slugs(*, slugs: Iterable[str]) -> QuerySet[Module]:
    """The modules (archived ones too) with these slugs, their translations fetched alongside."""
    return Module.objects.filter(slug__in=slugs).prefetch_related("translations")


def completed_module_slugs(user: User) -> set[str]:
    """Modules this person finished (archived ones included: their progress is kept)."""
    return set(
        for_tenant(ModuleProgress.objects.all(), user)
        .filter(user=user, status=ProgressStatus.COMPLETED)
        .values_list("module__slug", flat=True)
    )


# --- Which language a reader gets ----------------------------------------------------------------


def reader_locale(user: User, requested: str | None = None) -> list[str]:
    """The languages to look for, best first (welkom.core.language), ``requested`` (?lang=) first."""
    return reader_languages(user, requested)


@dataclass(frozen=True)
class Choice:
    translation: ModuleTranslation
    requested: str
    # The reader's languages that have a text, best first: where a single text (a quiz question
    # an overlay left out) is missing from ``translation``, it is taken from the next one.
    chain: tuple[ModuleTranslation, ...] = ()

    @property
    def is_fallback(self) -> bool:
        return self.translation.locale != self.requested


def best_translation(module: Module, *, locale: str | list[str]) -> Choice:
    """The first of the reader's languages the module has a text in (human first, machine
    marked); else English, else any. Never the organisation's language: a Polish reader who does
    not read Dutch gets English, named as such, not Dutch."""
    languages = [locale] if isinstance(locale, str) else list(locale)
    by_locale = {translation.locale: translation for translation in module.translations.all()}
    _, found = pick(by_locale, languages)
    requested = languages[0] if languages else "en"
    chain = tuple(by_locale[c] for c in dict.fromkeys([*languages, "en"]) if c in by_locale)
    return Choice(found, requested, chain or (found,))


def _text(choice: Choice, read: Any) -> tuple[str, Any]:
    """A single text from the best translation that has it: (language, text)."""
    for translation in (choice.translation, *choice.chain):
        value = read(translation)
        if value:
            return translation.locale, value
    return choice.translation.locale, ""


def reader_region(user: User) -> str | None:
    profile = getattr(user, "newcomer_profile", None) if user.role == Role.NEWCOMER else None
    return region_of_country(profile.home_country) if profile else None


def my_progress(module: Module) -> ModuleProgress | None:
    found = getattr(module, "my_progress", None)
    return found[0] if found else None


# --- What a reader sees (dicts for the serializers) -------------------------------------------


def _progress_data(progress: ModuleProgress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {
        "status": progress.status,
        "percent": progress.percent,
        "section": progress.section,
        "started_at": progress.started_at,
        "last_seen_at": progress.last_seen_at,
        "completed_at": progress.completed_at,
    }


def module_summary(module: Module, *, user: User, locale: str | list[str]) -> dict[str, Any]:
    choice = best_translation(module, locale=locale)
    translation = choice.translation
    return {
        "slug": module.slug,
        "title": translation.title,
        "summary": translation.summary,
        "audience": module.audience,
        "topic": module.topic,
        "stage": module.stage,
        "minutes": module.minutes,
        "tags": module.tags,
        "quiz_questions": len(module.quiz),
        "locale": translation.locale,
        "requested_locale": choice.requested,
        "is_fallback": choice.is_fallback,
        "reviewed": translation.reviewed,
        "translation_status": translation.status,
        "translation_outdated": translation.is_outdated,
        "available_locales": [t.locale for t in module.translations.all()],
        "progress": _progress_data(my_progress(module)),
    }


def question_version(module: Module, question: dict[str, Any]) -> str:
    """A short fingerprint of one quiz question as written: its options, the right ones, and its text
    in the module's source language. An answer carries the version it was given to; when the question
    changed since (a content update), the answer no longer fits and is refused (docs/mobile-app.md)."""
    source = next((t for t in module.translations.all() if t.locale == module.source_locale), None)
    text = source.quiz_text.get(question["key"], {}) if source else {}
    payload = {
        "kind": question["kind"],
        "options": question["options"],
        "correct": sorted(question["correct"]),
        "question": text.get("question", ""),
        "texts": text.get("options", {}),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def answer_feedback(module: Module, choice: Choice, answer: QuizAnswer) -> dict[str, Any]:
    """What a reader may see once they answered: the right options and why."""
    question = module.question(answer.question_key) or {"correct": []}
    language, explanation = _text(
        choice, lambda t: t.quiz_text.get(answer.question_key, {}).get("explanation")
    )
    return {
        "chosen": answer.chosen,
        "correct": answer.correct,
        "correct_choices": question["correct"],
        "explanation": explanation,
        "explanation_language": language,
        "attempts": answer.attempts,
    }


def module_detail(module: Module, *, user: User, locale: str | list[str]) -> dict[str, Any]:
    data = module_summary(module, user=user, locale=locale)
    choice = best_translation(module, locale=locale)
    translation = choice.translation
    progress = my_progress(module)
    answers = {answer.question_key: answer for answer in progress.answers.all()} if progress else {}
    region = reader_region(user)
    note = translation.region_notes.get(region) if region else None
    quiz = []
    for question in module.quiz:
        key = question["key"]
        language, text = _text(choice, lambda t, key=key: t.quiz_text.get(key, {}).get("question"))
        answer = answers.get(key)
        options = []
        for option in question["options"]:
            _, option_text = _text(
                choice, lambda t, key=key, o=option: t.quiz_text.get(key, {}).get("options", {}).get(o)
            )
            options.append({"id": option, "text": option_text or option})
        quiz.append(
            {
                "key": key,
                "version": question_version(module, question),
                "kind": question["kind"],
                "question": text,
                "language": language,
                # Never the right answer before the reader has answered.
                "options": options,
                "answer": answer_feedback(module, choice, answer) if answer else None,
            }
        )
    reflection = [
        _text(choice, lambda t, n=n: t.reflection[n] if n < len(t.reflection) else "")[1]
        for n in range(max((len(t.reflection) for t in choice.chain), default=0))
    ]
    data.update(
        {
            "body_html": translation.body_html,
            "region_note": {"region": region, "name": REGIONS[region], "html": render(module.slug, note)}
            if region and note
            else None,
            "reflection": [text for text in reflection if text],
            "quiz": quiz,
        }
    )
    return data


# --- HR reports ------------------------------------------------------------------------------------


def _count(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values("module").annotate(n=Count("id")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def newcomer_completion(user: User) -> QuerySet[User]:
    """Every newcomer of the organisation with how many modules they started and finished."""
    live = Q(module_progress__module__archived_at__isnull=True)
    return (
        users_of_organisation(user=user)
        .filter(role=Role.NEWCOMER, is_active=True)
        .annotate(
            modules_completed=Count(
                "module_progress", filter=live & Q(module_progress__status=ProgressStatus.COMPLETED)
            ),
            modules_in_progress=Count(
                "module_progress", filter=live & Q(module_progress__status=ProgressStatus.IN_PROGRESS)
            ),
            last_activity=Max("module_progress__last_seen_at"),
        )
        .order_by("full_name", "email")
    )


def newcomer_modules_available() -> int:
    return Module.objects.filter(
        archived_at__isnull=True, audience__in=AUDIENCES_BY_ROLE[Role.NEWCOMER]
    ).count()


def newcomer_progress(user: User, newcomer: User) -> QuerySet[ModuleProgress]:
    return (
        for_tenant(ModuleProgress.objects.all(), user)
        .filter(user=newcomer)
        .select_related("module")
        .prefetch_related("module__translations")
        .annotate(
            quiz_answered=Count("answers"),
            quiz_first_correct=Count("answers", filter=Q(answers__first_correct=True)),
        )
        .order_by("module__order", "module__slug")
    )


def reportable_newcomers(user: User) -> QuerySet[User]:
    return users_of_organisation(user=user).filter(role=Role.NEWCOMER)


def module_completion(user: User) -> QuerySet[Module]:
    """Every live module with how many people of the organisation started and finished it."""
    progress = for_tenant(ModuleProgress.objects.all(), user).filter(module=OuterRef("pk"))
    return (
        Module.objects.filter(archived_at__isnull=True)
        .prefetch_related("translations")
        .annotate(
            started=_count(progress),
            completed=_count(progress.filter(status=ProgressStatus.COMPLETED)),
        )
        .order_by("order", "slug")
    )


def most_missed_questions(user: User) -> QuerySet[Any]:
    """Quiz questions by how often people of the organisation got them wrong the first time."""
    return (
        for_tenant(QuizAnswer.objects.all(), user)
        .filter(progress__module__archived_at__isnull=True)
        .values("progress__module_id", "progress__module__slug", "question_key")
        .annotate(answered=Count("id"), missed=Count("id", filter=Q(first_correct=False)))
        .filter(missed__gt=0)
        .order_by("-missed", "progress__module__slug", "question_key")
    )


def question_texts(
    module_ids: set[int], *, locale: str | list[str]
) -> dict[tuple[int, str], tuple[str, str]]:
    """(module id, question key) -> (module title, question) in the reader's best language."""
    texts: dict[tuple[int, str], tuple[str, str]] = {}
    for module in Module.objects.filter(pk__in=module_ids).prefetch_related("translations"):
        choice = best_translation(module, locale=locale)
        for question in module.quiz:
            key = question["key"]
            _, text = _text(choice, lambda t, key=key: t.quiz_text.get(key, {}).get("question"))
            texts[(module.pk, key)] = (choice.translation.title, text or key)
    return texts


def quiz_to_look_at_again(*, progress: ModuleProgress, module: Module) -> list[str]:
    """The module's questions whose latest answer is not right, in the module's order."""
    right = set(progress.answers.filter(correct=True).values_list("question_key", flat=True))
    return [question["key"] for question in module.quiz if question["key"] not in right]
