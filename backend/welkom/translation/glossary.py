"""The glossary: ``translations/glossary.yaml`` for everyone plus each organisation's entries."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Count, Max

from welkom.accounts.models import Organisation
from welkom.translation.models import GlossaryEntry

_parsed: dict[tuple[str, int, int], tuple[bytes, dict[str, object]]] = {}


def _file() -> tuple[bytes, dict[str, object]]:
    """The shared glossary file, parsed once per version of the file on disk (path, mtime, size)."""
    path = Path(settings.TRANSLATION_GLOSSARY_FILE)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return b"", {}
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _parsed:
        raw = path.read_bytes()
        data = yaml.safe_load(raw) or {}
        _parsed.clear()
        _parsed[key] = (raw, data if isinstance(data, dict) else {})
    return _parsed[key]


def glossary_for(*, organisation: Organisation | None, source: str, target: str) -> dict[str, str]:
    """Term → what it becomes, for one language pair. The organisation's entries win over the file."""
    _, data = _file()
    terms: dict[str, str] = {}
    keep = data.get("keep") or []
    fixed = data.get("translate") or {}
    for term in keep if isinstance(keep, list) else []:
        terms[str(term)] = str(term)
    for term, translations in fixed.items() if isinstance(fixed, dict) else []:
        if isinstance(translations, dict) and target in translations:
            terms[str(term)] = str(translations[target])
    if organisation is not None:
        entries = GlossaryEntry.objects.filter(organisation=organisation).order_by("term", "id")
        for entry in entries:
            if entry.source_language not in ("", source) or entry.target_language not in ("", target):
                continue
            terms[entry.term] = entry.translation or entry.term
    return terms


def glossary_version(*, organisation: Organisation | None) -> str:
    """Changes when the file or the organisation's entries change (part of the cache key)."""
    raw, _ = _file()
    digest = hashlib.sha256(raw)
    if organisation is not None:
        summary = GlossaryEntry.objects.filter(organisation=organisation).aggregate(
            count=Count("id"), changed=Max("updated_at")
        )
        digest.update(f"{summary['count']}|{summary['changed']}".encode())
    return digest.hexdigest()[:16]
