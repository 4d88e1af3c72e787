"""Loading the term list from ``content/terms/``: ``terms.yaml`` (English and Dutch inline) and one
overlay per other language, ``<lang>.yaml`` (``terms: [{key, explanation}]``). A language's overlay
listed in ``content/_review/<lang>.yaml`` was drafted without a native speaker. Every problem raises
ContentError with the file and line; nothing is written until all files are read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from welkom.content.loader import ContentError, SyncReport, YamlDocument, read_yaml, validate
from welkom.terms.models import Term

KIND = "terms"
SOURCE_FILE = "terms.yaml"
INLINE = ("en", "nl")
_KEY = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 80}
_LINE = {"type": "string", "minLength": 1, "maxLength": 300}
TERMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["terms"],
    "additionalProperties": False,
    "properties": {
        "terms": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "term", "explanation"],
                "additionalProperties": False,
                "properties": {
                    "key": _KEY,
                    "term": {"type": "string", "minLength": 1, "maxLength": 120},
                    "say": {"type": "string", "maxLength": 120},
                    "also": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 120}},
                    "source": {"type": "string", "pattern": "^https://", "maxLength": 500},
                    "explanation": {
                        "type": "object",
                        "required": list(INLINE),
                        "additionalProperties": False,
                        "properties": dict.fromkeys(INLINE, _LINE),
                    },
                },
            },
        }
    },
}
OVERLAY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["terms"],
    "additionalProperties": False,
    "properties": {
        "terms": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "explanation"],
                "additionalProperties": False,
                "properties": {"key": _KEY, "explanation": _LINE},
            },
        }
    },
}


def _overlay_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code not in INLINE]


def _drafted(root: Path, language: str) -> bool:
    review = root / "_review" / f"{language}.yaml"
    if not review.exists():
        return False
    data = read_yaml(review).data or {}
    return f"terms/{language}.yaml" in (data.get("drafted") or [])


def _read(folder: Path) -> list[dict[str, Any]]:
    source = folder / SOURCE_FILE
    if not source.exists():
        raise ContentError(source, None, "the term list is missing")
    document = read_yaml(source)
    validate(document, TERMS_SCHEMA)
    terms: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(document.data["terms"]):
        if item["key"] in seen:
            raise document.error(f"term '{item['key']}' appears twice", "terms", index, "key")
        seen[item["key"]] = index
        terms.append({**item, "explanation": dict(item["explanation"]), "drafted": []})
    known = {path.stem for path in folder.glob("*.yaml")} - {"terms"}
    unknown = known - set(_overlay_languages())
    if unknown:
        raise ContentError(folder / f"{sorted(unknown)[0]}.yaml", None, "not a language Welkom has")
    for language in _overlay_languages():
        path = folder / f"{language}.yaml"
        if not path.exists():
            continue
        overlay: YamlDocument = read_yaml(path)
        validate(overlay, OVERLAY_SCHEMA)
        done: set[str] = set()
        for index, item in enumerate(overlay.data["terms"]):
            if item["key"] not in seen:
                raise overlay.error(f"no term '{item['key']}' in {SOURCE_FILE}", "terms", index, "key")
            if item["key"] in done:
                raise overlay.error(f"term '{item['key']}' appears twice", "terms", index, "key")
            done.add(item["key"])
            terms[seen[item["key"]]]["explanation"][language] = item["explanation"]
        if _drafted(folder.parent, language):
            for term in terms:
                if language in term["explanation"]:
                    term["drafted"].append(language)
    return terms


def _hash(item: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def sync_terms(folder: Path, report: SyncReport) -> None:
    terms = _read(folder)
    existing = {term.key: term for term in Term.objects.all()}
    now = timezone.now()
    new: list[Term] = []
    for order, item in enumerate(terms):
        digest = _hash(item)
        fields = {
            "term": item["term"],
            "say": item.get("say", ""),
            "also": item.get("also", []),
            "source_url": item.get("source", ""),
            "explanation": item["explanation"],
            "drafted": item["drafted"],
            "order": order,
            "content_hash": digest,
            "archived_at": None,
        }
        term = existing.get(item["key"])
        if term is None:
            new.append(Term(key=item["key"], **fields))
            report.count(KIND, "added", item["key"])
            continue
        if term.content_hash == digest and term.order == order and term.archived_at is None:
            report.count(KIND, "unchanged", item["key"])
            continue
        outcome = "restored" if term.archived_at else "changed"
        Term.objects.filter(pk=term.pk).update(**fields)
        report.count(KIND, outcome, item["key"])
    Term.objects.bulk_create(new)  # one insert: a first sync adds every term
    gone = [
        term
        for key, term in existing.items()
        if term.archived_at is None and key not in {t["key"] for t in terms}
    ]
    for term in gone:
        Term.objects.filter(pk=term.pk).update(archived_at=now)
        report.count(KIND, "archived", term.key)
