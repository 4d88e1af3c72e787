"""Loads checklist templates and municipality notes from ``content/checklists/``.

Layout::

    content/checklists/<template-slug>/checklist.yaml   the items, their conditions, dues and sources
    content/checklists/<template-slug>/<locale>.md      one "## <item-key>" section per item
    content/checklists/municipalities/<gemeente>.yaml   booking the registration, the expat centre

Every item must have a title and an explanation in every locale, a source on an official domain and
a ``checked_on`` key: the date somebody last checked that the source says what the item claims, or
left empty (``checked_on:``) when nobody has re-checked it yet. Empty is allowed so that an unchecked
source is never stamped with an invented date; the sync lists every such source as a notice, and
the newcomer sees "source not re-checked" instead of a date. Municipality notes work the same way.
Amounts (thresholds, maximum rents) live here as data with a
``valid_from`` date, never in code. Templates are upserted by slug and items by key; a template or
item whose file or entry is gone is archived (newcomers' items keep their state and are retired
with the reason "removed from content" the next time their checklists are reconciled).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.utils import timezone

from welkom.checklists import conditions
from welkom.checklists.models import (
    Category,
    ChecklistMilestone,
    ChecklistTemplate,
    ChecklistTemplateItem,
    DueAnchor,
    MunicipalityNote,
)
from welkom.content.loader import ContentError, SyncReport, YamlDocument, content_hash, read_yaml, validate
from welkom.content.markdown import render_markdown
from welkom.content.translations import (
    apply_overlay,
    check_language_name,
    check_same_tokens,
    drafted_files,
    drafted_languages,
)
from welkom.core.language import INLINE_CONTENT_LANGUAGES

KIND = "checklists"
# Written inline in checklist.yaml and required; the other languages come as <lang>.md and an
# overlay <lang>.yaml (docs/content-translations.md) and may leave texts out.
LOCALES = INLINE_CONTENT_LANGUAGES
MUNICIPALITIES_FOLDER = "municipalities"

# Sources must be official: national government, its agencies, and municipalities. Some additions
# are there because their pages were the official ones found and checked (see docs/sources.md):
# dutchinternationalschools.nl, the state-funded international schools, whose
# admission rules are set by the Ministry of Education; kadaster.nl, the Land Registry; and
# hollandexpatcenter.com, the public expat centre that Brabant's municipalities run with the IND.
OFFICIAL_DOMAINS = (
    "government.nl",
    "rijksoverheid.nl",
    "ind.nl",
    "belastingdienst.nl",
    "toeslagen.nl",
    "duo.nl",
    "digid.nl",
    "netherlandsworldwide.nl",
    "cak.nl",
    "zorgverzekeringslijn.nl",
    "svb.nl",
    "acm.nl",
    "consuwijzer.nl",
    "huurcommissie.nl",
    "juridischloket.nl",
    "afm.nl",
    "overheid.nl",
    "amsterdam.nl",
    "eindhoven.nl",
    "rotterdam.nl",
    "denhaag.nl",
    "utrecht.nl",
    "dutchinternationalschools.nl",
    "kadaster.nl",
    "hollandexpatcenter.com",
    "volkshuisvestingnederland.nl",
    "rdw.nl",
    "nlarbeidsinspectie.nl",
    "inburgeren.nl",
    "rotterdamexpatcentre.nl",
)


def is_official(url: str) -> bool:
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


_LOCALISED = {
    "type": "object",
    "required": list(LOCALES),
    "properties": {locale: {"type": "string", "minLength": 1} for locale in LOCALES},
    "additionalProperties": {"type": "string"},
}
_LOCALISED_LIST = {
    "type": "object",
    "required": list(LOCALES),
    "properties": {
        locale: {"type": "array", "items": {"type": "string", "minLength": 1}} for locale in LOCALES
    },
    "additionalProperties": False,
}
_KEY = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
_REF = {"type": "string", "pattern": "^([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$"}
# Required key; a date, or empty (null) for "not re-checked yet" - never a made-up date.
_CHECKED_ON = {"type": ["string", "null"], "format": "date"}

TEMPLATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["slug", "order", "category", "title", "items"],
    "additionalProperties": False,
    "properties": {
        "slug": _KEY,
        "order": {"type": "integer", "minimum": 0},
        "category": {"enum": list(Category.values)},
        "title": _LOCALISED,
        "intro": _LOCALISED,
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "source", "checked_on"],
                "additionalProperties": False,
                "properties": {
                    "key": _KEY,
                    "title": _LOCALISED,
                    "applies_when": {"type": "object"},
                    "per_child": {
                        "type": "object",
                        "required": ["from", "to"],
                        "additionalProperties": False,
                        "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}},
                    },
                    "due": {
                        "type": "object",
                        "required": ["from", "days"],
                        "additionalProperties": False,
                        "properties": {"from": {"enum": list(DueAnchor.values)}, "days": {"type": "integer"}},
                    },
                    "documents": _LOCALISED_LIST,
                    "depends_on": {"type": "array", "items": _REF},
                    "source": {
                        "type": "object",
                        "required": ["url", "title"],
                        "additionalProperties": False,
                        "properties": {"url": {"type": "string", "format": "uri"}, "title": _LOCALISED},
                    },
                    "checked_on": _CHECKED_ON,
                    "milestone": {"enum": [m for m in ChecklistMilestone.values if m]},
                    "amounts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "label", "value", "unit", "valid_from"],
                            "additionalProperties": False,
                            "properties": {
                                "key": _KEY,
                                "label": _LOCALISED,
                                "value": {"type": "number"},
                                "unit": {"enum": ["EUR", "EUR/hour", "EUR/month", "EUR/year"]},
                                "valid_from": {"type": "string", "format": "date"},
                            },
                        },
                    },
                },
            },
        },
    },
}

MUNICIPALITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["slug", "name", "registration_url", "checked_on", "notes"],
    "additionalProperties": False,
    "properties": {
        "slug": _KEY,
        "name": {"type": "string", "minLength": 1},
        "registration_url": {"type": "string"},
        "expat_centre": {
            "type": "object",
            "required": ["name", "url"],
            "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        },
        "checked_on": _CHECKED_ON,
        "notes": _LOCALISED,
        "item_notes": {"type": "object", "additionalProperties": _LOCALISED},
    },
}


def _date(document: YamlDocument, value: Any, *keys: Any) -> date:
    # PyYAML already turns 2026-11-20 into a date; a quoted string is parsed here.
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise document.error(
            f"{'/'.join(map(str, keys))}: '{value}' is not a date (YYYY-MM-DD)", *keys
        ) from exc


def _checked_on(document: YamlDocument, value: Any, *keys: Any) -> date | None:
    """``checked_on``: a date that is not in the future, or None when nobody re-checked the source."""
    if value is None:
        return None
    checked = _date(document, value, *keys)
    if checked > timezone.localdate():
        where = "/".join(map(str, keys))
        raise document.error(f"{where}: {checked} is in the future; use the day you checked", *keys)
    return checked


def _yaml(path: Path, schema: dict[str, Any]) -> YamlDocument:
    document = read_yaml(path)
    # YAML dates become date objects; the JSON schema wants text, so validate a text copy.
    text_copy = YamlDocument(document.path, _dates_as_text(document.data), document.lines)
    validate(text_copy, schema)
    return document


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


_SECTION = re.compile(r"^## +([a-z0-9-]+) *$", re.MULTILINE)


def _overlay_languages(folder: Path) -> list[str]:
    """Languages with files of their own in a template folder (pl.md, pl.yaml, ...)."""
    found: set[str] = set()
    for path in folder.iterdir():
        if path.is_dir() or path.name == "checklist.yaml" or path.name.startswith("."):
            continue
        if path.suffix not in (".md", ".yaml"):
            raise ContentError(
                path, None, "only checklist.yaml, <language>.md and <language>.yaml belong here"
            )
        language = check_language_name(path, path.stem)
        if language not in LOCALES:
            found.add(language)
        elif path.suffix == ".yaml":
            raise ContentError(path, None, f"{language} texts are written in checklist.yaml itself")
    return sorted(found)


def _sections(path: Path) -> dict[str, tuple[str, int]]:
    """``## item-key`` sections of a Markdown file: {key: (markdown, line)}."""
    if not path.exists():
        raise ContentError(path, None, "missing: every checklist needs a Markdown file per locale")
    text = path.read_text(encoding="utf-8")
    matches = list(_SECTION.finditer(text))
    if not matches or text[: matches[0].start()].strip():
        raise ContentError(path, 1, "start with a '## <item-key>' heading; text before it belongs to no item")
    sections: dict[str, tuple[str, int]] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        line = text.count("\n", 0, match.start()) + 1
        key = match.group(1)
        if key in sections:
            raise ContentError(path, line, f"section '{key}' appears twice")
        body = text[match.end() : end].strip()
        if not body:
            raise ContentError(path, line, f"section '{key}' is empty")
        sections[key] = (body, line)
    return sections


def _parse_template(folder: Path) -> dict[str, Any]:
    path = folder / "checklist.yaml"
    if not path.exists():
        raise ContentError(path, None, "missing: a checklist template folder needs checklist.yaml")
    document = _yaml(path, TEMPLATE_SCHEMA)
    data = document.data
    if data["slug"] != folder.name:
        raise document.error(f"slug '{data['slug']}' must equal the folder name '{folder.name}'", "slug")
    bodies = {locale: _sections(folder / f"{locale}.md") for locale in LOCALES}
    languages = _overlay_languages(folder)
    for language in languages:
        overlay = folder / f"{language}.yaml"
        if overlay.exists():
            apply_overlay(data, read_yaml(overlay), language)
        markdown = folder / f"{language}.md"
        if markdown.exists():
            # Same "## <item-key>" sections as en.md; a section left out falls back.
            bodies[language] = _sections(markdown)
            for key, (text, line) in bodies[language].items():
                if key in bodies["en"]:
                    check_same_tokens(bodies["en"][key][0], text, markdown, line, f"## {key}")
    keys: set[str] = set()
    items: list[dict[str, Any]] = []
    for index, item in enumerate(data["items"]):
        at = ("items", index)
        key = item["key"]
        if key in keys:
            raise document.error(f"items/{index}/key: '{key}' appears twice", *at, "key")
        keys.add(key)
        try:
            if "applies_when" in item:
                conditions.check(item["applies_when"])
        except conditions.ConditionError as exc:
            where = "/".join(str(p) for p in (*at, "applies_when", *exc.path))
            raise document.error(f"{where}: {exc.message}", *at, "applies_when", *exc.path) from exc
        per_child = item.get("per_child")
        if per_child and not 0 <= per_child["from"] <= per_child["to"] <= 30:
            raise document.error(f"items/{index}/per_child: from must be <= to", *at, "per_child")
        url = item["source"]["url"]
        if not is_official(url):
            raise document.error(
                f"items/{index}/source/url: '{url}' is not an https link on an official domain "
                f"({', '.join(OFFICIAL_DOMAINS[:6])}, a municipality, ...)",
                *at,
                "source",
                "url",
            )
        documents = item.get("documents") or {locale: [] for locale in LOCALES}
        if len({len(documents[locale]) for locale in LOCALES}) > 1:
            raise document.error(
                f"items/{index}/documents: every locale needs the same list", *at, "documents"
            )
        for locale in LOCALES:
            if key not in bodies[locale]:
                raise ContentError(folder / f"{locale}.md", None, f"no '## {key}' section for item '{key}'")
        amounts = [
            {
                **amount,
                "valid_from": _date(
                    document, amount["valid_from"], *at, "amounts", n, "valid_from"
                ).isoformat(),
            }
            for n, amount in enumerate(item.get("amounts") or [])
        ]
        due = item.get("due")
        items.append(
            {
                "key": key,
                "order": index,
                "title": item["title"],
                "body_html": {
                    locale: render_markdown(sections[key][0])
                    for locale, sections in bodies.items()
                    if key in sections
                },
                "applies_when": item.get("applies_when"),
                "per_child": per_child,
                "due_anchor": due["from"] if due else "",
                "due_days": due["days"] if due else None,
                "documents": documents,
                "depends_on": [
                    ref if "/" in ref else f"{data['slug']}/{ref}" for ref in item.get("depends_on", [])
                ],
                "source_url": url,
                "source_title": item["source"]["title"],
                "checked_on": _checked_on(document, item["checked_on"], *at, "checked_on"),
                "milestone": item.get("milestone", ""),
                "amounts": amounts,
                "_line": document.line_of(*at),
            }
        )
    for locale in bodies:
        extra = set(bodies[locale]) - keys
        if extra:
            key = sorted(extra)[0]
            raise ContentError(
                folder / f"{locale}.md", bodies[locale][key][1], f"section '{key}' has no item"
            )
    return {
        "slug": data["slug"],
        "order": data["order"],
        "category": data["category"],
        "title": data["title"],
        "intro": data.get("intro", {}),
        "items": items,
        "path": path,
        "document": document,
        "hash": content_hash([p for p in folder.iterdir() if p.is_file()], folder.parent),
    }


def _check_dependencies(templates: list[dict[str, Any]]) -> None:
    known = {f"{t['slug']}/{item['key']}": (t, item) for t in templates for item in t["items"]}
    graph: dict[str, list[str]] = {}
    for ref, (template, item) in known.items():
        for needed in item["depends_on"]:
            if needed not in known:
                raise ContentError(
                    template["path"], item["_line"], f"{ref}: depends on unknown item '{needed}'"
                )
        graph[ref] = item["depends_on"]
    state: dict[str, str] = {}

    def visit(ref: str, trail: list[str]) -> None:
        if state.get(ref) == "done":
            return
        if state.get(ref) == "visiting":
            template, item = known[ref]
            cycle = " -> ".join([*trail[trail.index(ref) :], ref])
            raise ContentError(template["path"], item["_line"], f"dependencies go round in a circle: {cycle}")
        state[ref] = "visiting"
        for needed in graph[ref]:
            visit(needed, [*trail, ref])
        state[ref] = "done"

    for ref in graph:
        visit(ref, [])


def sync_checklists(folder: Path, report: SyncReport) -> None:
    template_folders = sorted(p for p in folder.iterdir() if p.is_dir() and p.name != MUNICIPALITIES_FOLDER)
    parsed = [_parse_template(path) for path in template_folders]
    _check_dependencies(parsed)
    for spec in parsed:
        for item in spec["items"]:
            if item["checked_on"] is None:
                report.notice(
                    KIND, f"source not re-checked: {spec['slug']}/{item['key']} {item['source_url']}"
                )
    now = timezone.now()
    seen: set[str] = set()
    drafted = drafted_files(folder.parent, report)
    existing = {template.slug: template for template in ChecklistTemplate.objects.all()}
    for spec in parsed:
        seen.add(spec["slug"])
        template = existing.get(spec["slug"])
        languages = drafted_languages(
            drafted, f"{KIND}/{spec['slug']}/{{lang}}.md", f"{KIND}/{spec['slug']}/{{lang}}.yaml"
        )
        if template is not None and template.content_hash == spec["hash"] and template.archived_at is None:
            if template.drafted != languages:
                template.drafted = languages
                template.save(update_fields=["drafted"])
            report.count(KIND, "unchanged", spec["slug"])
            continue
        outcome = "added" if template is None else ("restored" if template.archived_at else "changed")
        fields = {
            "order": spec["order"],
            "category": spec["category"],
            "title": spec["title"],
            "intro": spec["intro"],
            "drafted": languages,
            "content_hash": spec["hash"],
            "archived_at": None,
        }
        if template is None:
            template = ChecklistTemplate.objects.create(slug=spec["slug"], **fields)
        else:
            for name, value in fields.items():
                setattr(template, name, value)
            template.save(update_fields=list(fields))
        _write_items(template, spec["items"], created=outcome == "added")
        if outcome != "added":
            keys = [item["key"] for item in spec["items"]]
            template.items.exclude(key__in=keys).filter(archived_at=None).update(archived_at=now)
        report.count(KIND, outcome, spec["slug"])
    for template in ChecklistTemplate.objects.filter(archived_at=None).exclude(slug__in=seen):
        template.archived_at = now
        template.save(update_fields=["archived_at"])
        template.items.filter(archived_at=None).update(archived_at=now)
        report.count(KIND, "archived", template.slug)
    _sync_municipalities(folder / MUNICIPALITIES_FOLDER, report, drafted)


def _write_items(template: ChecklistTemplate, items: list[dict[str, Any]], *, created: bool) -> None:
    """Upsert a template's items by key: the new ones in one insert (a query or two per item made
    the writes the slowest part of a first sync), the others one by one. Not ``bulk_update``: it
    would store an absent condition as JSON ``null`` where a save stores SQL ``NULL``."""
    existing = {} if created else {row.key: row for row in template.items.all()}
    new: list[ChecklistTemplateItem] = []
    for item in items:
        fields = {k: v for k, v in item.items() if not k.startswith("_") and k != "key"}
        fields["archived_at"] = None
        row = existing.get(item["key"])
        if row is None:
            new.append(ChecklistTemplateItem(template=template, key=item["key"], **fields))
            continue
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
    ChecklistTemplateItem.objects.bulk_create(new)


def _municipality_overlays(folder: Path) -> dict[str, dict[str, Path]]:
    """``{slug: {language: path}}`` from ``municipalities/<lang>/<slug>.yaml``."""
    overlays: dict[str, dict[str, Path]] = {}
    if not folder.exists():
        return overlays
    sources = {path.stem for path in folder.glob("*.yaml")}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        language = check_language_name(sub, sub.name)
        if language in LOCALES:
            raise ContentError(sub, None, f"{language} notes are written in the municipality's own file")
        for path in sorted(sub.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or path.stem not in sources:
                raise ContentError(path, None, f"no municipality file {path.stem}.yaml to translate")
            overlays.setdefault(path.stem, {})[language] = path
    return overlays


def _sync_municipalities(folder: Path, report: SyncReport, drafted: dict[str, set[str]]) -> None:
    now = timezone.now()
    seen: set[str] = set()
    known_refs = set(
        ChecklistTemplateItem.objects.filter(archived_at=None).values_list("template__slug", "key")
    )
    overlays = _municipality_overlays(folder)
    existing = {note.slug: note for note in MunicipalityNote.objects.all()}
    added: list[MunicipalityNote] = []
    for path in sorted(folder.glob("*.yaml")) if folder.exists() else []:
        document = _yaml(path, MUNICIPALITY_SCHEMA)
        data = document.data
        for language, overlay in overlays.get(path.stem, {}).items():
            apply_overlay(data, read_yaml(overlay), language)
        languages = drafted_languages(drafted, f"{KIND}/{MUNICIPALITIES_FOLDER}/{{lang}}/{path.stem}.yaml")
        if data["slug"] != path.stem:
            raise document.error(f"slug '{data['slug']}' must equal the file name '{path.stem}'", "slug")
        own_site = f"{data['slug'].replace('-', '')}.nl"
        host = (urlparse(data["registration_url"]).hostname or "").lower()
        if not data["registration_url"].startswith("https://") or not (
            host == own_site or host.endswith("." + own_site) or is_official(data["registration_url"])
        ):
            raise document.error(
                f"registration_url: use an https link on the municipality's own site ({own_site})",
                "registration_url",
            )
        centre = data.get("expat_centre") or {"name": "", "url": ""}
        if centre["url"] and not centre["url"].startswith("https://"):
            raise document.error("expat_centre/url: use an https link", "expat_centre", "url")
        for ref in data.get("item_notes", {}):
            if tuple(ref.split("/", 1)) not in known_refs:
                raise document.error(f"item_notes: unknown item '{ref}'", "item_notes", ref)
        seen.add(data["slug"])
        checked_on = _checked_on(document, data["checked_on"], "checked_on")
        if checked_on is None:
            report.notice(KIND, f"links not re-checked: municipality {data['slug']}")
        digest = content_hash([path, *overlays.get(path.stem, {}).values()], folder)
        note = existing.get(data["slug"])
        if note is not None and note.content_hash == digest and note.archived_at is None:
            if note.drafted != languages:
                note.drafted = languages
                note.save(update_fields=["drafted"])
            report.count(KIND, "unchanged", f"municipality {data['slug']}")
            continue
        outcome = "added" if note is None else ("restored" if note.archived_at else "changed")
        fields = {
            "name": data["name"],
            "registration_url": data["registration_url"],
            "expat_centre_name": centre["name"],
            "expat_centre_url": centre["url"],
            "notes": {locale: render_markdown(text) for locale, text in data["notes"].items()},
            "item_notes": {
                ref: {locale: render_markdown(text) for locale, text in texts.items()}
                for ref, texts in data.get("item_notes", {}).items()
            },
            "checked_on": checked_on,
            "drafted": languages,
            "content_hash": digest,
            "archived_at": None,
        }
        if note is None:
            added.append(MunicipalityNote(slug=data["slug"], **fields))
        else:
            for name, value in fields.items():
                setattr(note, name, value)
            note.save(update_fields=list(fields))
        report.count(KIND, outcome, f"municipality {data['slug']}")
    MunicipalityNote.objects.bulk_create(added)  # one insert: a first sync adds every note
    for note in MunicipalityNote.objects.filter(archived_at=None).exclude(slug__in=seen):
        note.archived_at = now
        note.save(update_fields=["archived_at"])
        report.count(KIND, "archived", f"municipality {note.slug}")
