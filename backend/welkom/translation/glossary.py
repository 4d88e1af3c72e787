"""The glossary: ``translations/glossary.yaml`` for everyone plus each organisation's entries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from welkom.accounts.models import Organisation
from welkom.core.statements import Statement
from welkom.translation.models import GlossaryEntry

# Read on every translation request: compiled once per process (welkom.core.statements).
_ENTRIES = Statement(
    "translation.glossary_entries",
    lambda organisation_id: (
        GlossaryEntry.objects.filter(organisation_id=organisation_id)
        .order_by("term", "id")
        .values_list("term", "translation", "source_language", "target_language", "updated_at")
    ),
)
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


@dataclass(frozen=True)
class Glossary:
    """The shared file and one organisation's entries, read once (one query): its version for the
    cache key, and its terms for each language pair. A request that translates into several
    languages (a chat message) reads the entries once for all of them."""

    data: dict[str, object]
    entries: tuple[tuple[str, str, str, str], ...]  # term, translation, source and target language
    version: str

    def terms(self, *, source: str, target: str) -> dict[str, str]:
        """Term → what it becomes, for one language pair. The organisation's entries win over the file."""
        terms: dict[str, str] = {}
        keep = self.data.get("keep") or []
        fixed = self.data.get("translate") or {}
        for term in keep if isinstance(keep, list) else []:
            terms[str(term)] = str(term)
        for term, translations in fixed.items() if isinstance(fixed, dict) else []:
            if isinstance(translations, dict) and target in translations:
                terms[str(term)] = str(translations[target])
        for term, translation, source_language, target_language in self.entries:
            if source_language not in ("", source) or target_language not in ("", target):
                continue
            terms[term] = translation or term
        return terms


def glossary_load(*, organisation: Organisation | None) -> Glossary:
    """The glossary as it is now. Its version changes when the file or the organisation's entries
    change (their number and latest change), so installing a term takes effect at once."""
    raw, data = _file()
    digest = hashlib.sha256(raw)
    entries: tuple[tuple[str, str, str, str], ...] = ()
    if organisation is not None:
        rows = _ENTRIES.rows(organisation.pk)
        entries = tuple(row[:4] for row in rows)
        changed = max((row[4] for row in rows), default=None)
        digest.update(f"{len(rows)}|{changed}".encode())
    return Glossary(data=data, entries=entries, version=digest.hexdigest()[:16])


def glossary_for(*, organisation: Organisation | None, source: str, target: str) -> dict[str, str]:
    """Term → what it becomes, for one language pair. The organisation's entries win over the file."""
    return glossary_load(organisation=organisation).terms(source=source, target=target)
