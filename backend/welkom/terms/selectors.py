from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from welkom.core.language import pick
from welkom.terms.models import Term


def terms_available() -> QuerySet[Term]:
    return Term.objects.filter(archived_at__isnull=True)


def terms_with_keys(*, keys: Iterable[str]) -> QuerySet[Term]:
    """The terms (archived ones too) with these keys."""
    return Term.objects.filter(key__in=keys)


def term_for_reader(term: Term, *, languages: list[str]) -> dict[str, Any]:
    """A term with its explanation in the first of ``languages`` that has one."""
    language, text = pick(term.explanation, languages)
    return {
        "key": term.key,
        "term": term.term,
        "say": term.say,
        "also": term.also,
        "source_url": term.source_url,
        "explanation": text or "",
        "language": language,
        "requested_language": languages[0],
        "is_fallback": language != languages[0],
        "drafted": language in term.drafted,
    }
