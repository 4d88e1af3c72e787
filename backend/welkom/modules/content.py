"""Loading modules from ``content/modules/<slug>/``: validation with file and line, then upsert.

A module folder holds::

    module.yaml   audience, topic, stage, minutes, tags, reflection questions and the quiz,
                  with every text given per locale ({en: ..., nl: ...})
    en.md, nl.md  one Markdown file per locale: YAML front matter (title, summary), the text, and
                  optional region notes in fenced blocks:

                      ::: region south-asia
                      A note that compares habits.
                      :::
    images/...    pictures the text refers to with a relative path (png, jpg, gif, webp)

Everything is parsed and checked before anything is written; any problem raises ContentError with
the file and line, and the sync (one transaction) leaves the database as it was.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from welkom.content.loader import ContentError, SyncReport, content_hash, parse_yaml, read_yaml, validate
from welkom.content.markdown import render_markdown
from welkom.content.translations import (
    apply_overlay,
    check_language_name,
    check_markdown_links,
    drafted_files,
    drafted_languages,
)
from welkom.core.language import INLINE_CONTENT_LANGUAGES, supported_languages
from welkom.modules.models import Module, ModuleTranslation, ModuleTranslationStatus
from welkom.modules.regions import REGIONS

KIND = "modules"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"reports"}  # taken by /api/modules/reports/...
LOCALE_FILE = re.compile(r"^([a-z]{2}(?:-[a-z]{2})?)\.md$")
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
MEDIA_URL = "/content-media/"
_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)((?:\s+\"[^\"]*\")?)\s*\)")

_TEXT = {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "minLength": 1}}
MODULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["audience", "topic", "stage", "minutes"],
    "additionalProperties": False,
    "properties": {
        "audience": {"enum": ["newcomer", "colleague", "both"]},
        "topic": {"type": "string", "minLength": 1, "maxLength": 80},
        "stage": {
            "enum": ["before-arrival", "arrival-week", "first-week", "first-month", "month-3", "month-6"]
        },
        "minutes": {"type": "integer", "minimum": 1, "maximum": 120},
        "order": {"type": "integer", "minimum": 0, "maximum": 1000},
        "source_locale": {"type": "string", "pattern": "^[a-z]{2}(-[a-z]{2})?$"},
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9-]+$"}},
        "reflection": {"type": "array", "items": _TEXT},
        "quiz": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "kind", "question", "options", "explanation"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z0-9-]+$", "maxLength": 80},
                    "kind": {"enum": ["single", "multiple"]},
                    "question": _TEXT,
                    "explanation": _TEXT,
                    "options": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["id", "text"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                                "text": _TEXT,
                                "correct": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
}
FRONT_MATTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "summary": {"type": "string", "maxLength": 500},
    },
}


@dataclass
class LocaleText:
    locale: str
    title: str
    summary: str
    body: str
    region_notes: dict[str, str]
    reflection: list[str] = field(default_factory=list)
    quiz_text: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ModuleFiles:
    slug: str
    fields: dict[str, Any]
    quiz: list[dict[str, Any]]
    locales: dict[str, LocaleText]
    content_hash: str


# --- Rendering -----------------------------------------------------------------------------------


def media_url(slug: str, relative: str) -> str:
    return f"{MEDIA_URL}modules/{slug}/{relative}"


def _with_media_urls(slug: str, markdown: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        alt, src, title = match.groups()
        if "://" in src or src.startswith(("/", "data:")):
            return match.group(0)
        return f"![{alt}]({media_url(slug, src)}{title})"

    return _IMAGE_REF.sub(rewrite, markdown)


def render(slug: str, markdown: str) -> str:
    """Safe HTML for a module's Markdown; relative pictures point at the content media view, and
    no picture outside this module's own media folder is kept."""
    return render_markdown(_with_media_urls(slug, markdown), image_prefix=media_url(slug, ""))


# --- Parsing -------------------------------------------------------------------------------------


def _parse_markdown(path: Path, folder: Path) -> LocaleText:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, "not UTF-8 text") from exc
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "must start with front matter: a '---' line, title: ..., and '---'")
    try:
        end = next(index for index in range(1, len(lines)) if lines[index].strip() == "---")
    except StopIteration:
        raise ContentError(path, 1, "front matter is not closed with a '---' line") from None
    document = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    if not isinstance(document.data, dict):
        raise ContentError(path, 2, "front matter must be a mapping with at least a title")
    validate(document, FRONT_MATTER_SCHEMA)

    body: list[str] = []
    notes: dict[str, str] = {}
    region: str | None = None
    region_start = 0
    note: list[str] = []
    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        stripped = line.strip()
        if region is None and stripped.startswith(":::"):
            match = re.fullmatch(r":::\s*region\s+(\S+)", stripped)
            if not match:
                raise ContentError(path, number, "a fenced block must read '::: region <name>'")
            region, region_start, note = match.group(1), number, []
            if region not in REGIONS:
                known = ", ".join(REGIONS)
                raise ContentError(path, number, f"unknown region '{region}'; use one of: {known}")
            if region in notes:
                raise ContentError(path, number, f"region '{region}' has a second note; merge them")
        elif region is not None and stripped == ":::":
            if not "\n".join(note).strip():
                raise ContentError(path, region_start, f"the note for region '{region}' is empty")
            notes[region] = "\n".join(note).strip()
            region = None
        elif region is not None:
            if stripped.startswith(":::"):
                raise ContentError(path, number, "region notes cannot be nested; close the open note first")
            note.append(line)
        else:
            body.append(line)
    if region is not None:
        raise ContentError(path, region_start, f"the note for region '{region}' is not closed with ':::'")
    body_text = "\n".join(body).strip()
    if not body_text:
        raise ContentError(path, end + 2, "the module has no text after the front matter")

    for offset, line in enumerate(lines):
        for match in _IMAGE_REF.finditer(line):
            src = match.group(2)
            if "://" in src or src.startswith(("/", "data:")):
                raise ContentError(path, offset + 1, f"image '{src}' must be a file in the module folder")
            target = (folder / src).resolve()
            if not target.is_relative_to(folder.resolve()) or not target.is_file():
                raise ContentError(path, offset + 1, f"image '{src}' does not exist in {folder.name}/")
            if target.suffix.lower() not in IMAGE_TYPES:
                allowed = ", ".join(IMAGE_TYPES)
                raise ContentError(path, offset + 1, f"image '{src}' must be one of {allowed}")

    locale = LOCALE_FILE.match(path.name).group(1)  # type: ignore[union-attr]
    data = document.data
    return LocaleText(locale, data["title"].strip(), data.get("summary", "").strip(), body_text, notes)


def _texts(document: Any, value: dict[str, str], locales: set[str], *keys: Any) -> None:
    """The inline texts ({en, nl}) of one field: one per inline .md file, no more, no fewer.
    Other languages come from their overlay file and may leave a text out (it falls back)."""
    inline = set(value) - (locales - set(INLINE_CONTENT_LANGUAGES))
    missing = sorted((locales & set(INLINE_CONTENT_LANGUAGES)) - set(value))
    extra = sorted(inline - locales)
    where = "/".join(str(key) for key in keys)
    if missing:
        raise document.error(f"{where}: no text for {', '.join(missing)} (there is a {missing[0]}.md)", *keys)
    if extra:
        raise document.error(f"{where}: text for {', '.join(extra)} but no {extra[0]}.md", *keys)


def folder_hash(folder: Path) -> str:
    """The content hash of every file in a module folder (hidden files left out)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts)]
    return content_hash(files, folder)


# Parsed module folders, remembered per process: a sync into an empty database (each test that
# loads the shipped modules does one) parses every folder again. Found by the folder's name, a hash
# over the names, link targets and bytes of every file below it (hidden ones too: parse_module
# reads what it finds, and the content hash leaves those out) and the languages Welkom has: never by
# a modification time. A caller gets a deep copy (the fields end up on model instances).
_PARSED: OrderedDict[tuple[str, str, tuple[str, ...]], ModuleFiles] = OrderedDict()
_PARSED_LIMIT = 256  # folders; the shipped content has some 20
_parsed_lock = threading.Lock()


def _parse_key(folder: Path) -> tuple[str, str, tuple[str, ...]]:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.fsencode(os.readlink(path)) + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return folder.name, digest.hexdigest(), tuple(supported_languages())


def parse_module_remembered(folder: Path) -> ModuleFiles:
    """:func:`parse_module`, remembered per process for folders whose every byte is as before."""
    key = _parse_key(folder)
    with _parsed_lock:
        known = _PARSED.get(key)
        if known is not None:
            _PARSED.move_to_end(key)
    if known is not None:
        return copy.deepcopy(known)
    parsed = parse_module(folder)
    if _parse_key(folder) == key:  # not changed while it was read
        with _parsed_lock:
            _PARSED[key] = copy.deepcopy(parsed)
            while len(_PARSED) > _PARSED_LIMIT:
                _PARSED.popitem(last=False)
    return parsed


def parse_module(folder: Path) -> ModuleFiles:
    slug = folder.name
    if not SLUG.match(slug):
        raise ContentError(
            folder, None, "a module folder name must be lower-case kebab-case, e.g. direct-feedback"
        )
    if slug in RESERVED_SLUGS:
        raise ContentError(folder, None, f"'{slug}' is a reserved name; choose another folder name")
    path = folder / "module.yaml"
    if not path.is_file():
        raise ContentError(path, None, "module.yaml is missing")
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        raise ContentError(path, 1, "module.yaml must be a mapping of fields")
    validate(document, MODULE_SCHEMA)
    data = document.data

    markdown = sorted(p for p in folder.iterdir() if p.suffix == ".md")
    for p in markdown:
        if not LOCALE_FILE.match(p.name):
            raise ContentError(p, None, "a text file must be named after its locale, e.g. en.md or nl.md")
        check_language_name(p, p.stem)
    locales = {p.stem: _parse_markdown(p, folder) for p in markdown}
    # Other languages: <lang>.md has the text, <lang>.yaml the texts of module.yaml (an overlay).
    for overlay_path in sorted(folder.glob("*.yaml")):
        if overlay_path.name == "module.yaml":
            continue
        language = check_language_name(overlay_path, overlay_path.stem)
        if language in INLINE_CONTENT_LANGUAGES:
            raise ContentError(overlay_path, None, f"{language} texts are written in module.yaml itself")
        if language not in locales:
            raise ContentError(overlay_path, None, f"there is {language}.yaml but no {language}.md")
        apply_overlay(data, read_yaml(overlay_path), language)
    if "en" in locales:
        for language in locales:
            if language not in INLINE_CONTENT_LANGUAGES:
                check_markdown_links(folder / "en.md", folder / f"{language}.md")
    if not locales:
        raise ContentError(folder, None, "no text: add at least one <locale>.md, e.g. en.md")
    source = data.get("source_locale", "en")
    if source not in locales:
        raise document.error(f"source_locale: there is no {source}.md", "source_locale")

    names = set(locales)
    for index, question in enumerate(data.get("reflection", [])):
        _texts(document, question, names, "reflection", index)
        for locale in names:
            # "" where an overlay left the question out: the reader gets it in the next language.
            locales[locale].reflection.append(question.get(locale, "").strip())

    quiz: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, question in enumerate(data.get("quiz", [])):
        key = question["key"]
        if key in seen:
            raise document.error(f"quiz/{index}/key: '{key}' is used twice", "quiz", index, "key")
        seen.add(key)
        _texts(document, question["question"], names, "quiz", index, "question")
        _texts(document, question["explanation"], names, "quiz", index, "explanation")
        ids = [option["id"] for option in question["options"]]
        if len(set(ids)) != len(ids):
            raise document.error(f"quiz/{index}/options: option ids must differ", "quiz", index, "options")
        correct = [option["id"] for option in question["options"] if option.get("correct")]
        if question["kind"] == "single" and len(correct) != 1:
            raise document.error(
                f"quiz/{index}: a single-choice question needs one correct option, found {len(correct)}",
                "quiz",
                index,
                "options",
            )
        if question["kind"] == "multiple" and not correct:
            raise document.error(f"quiz/{index}: mark at least one option correct", "quiz", index, "options")
        for number, option in enumerate(question["options"]):
            _texts(document, option["text"], names, "quiz", index, "options", number, "text")
        quiz.append({"key": key, "kind": question["kind"], "options": ids, "correct": correct})
        for locale in names:
            texts = {
                "question": question["question"].get(locale, "").strip(),
                "options": {
                    option["id"]: option["text"][locale].strip()
                    for option in question["options"]
                    if option["text"].get(locale)
                },
                "explanation": question["explanation"].get(locale, "").strip(),
            }
            if texts["question"] or texts["options"] or texts["explanation"]:
                locales[locale].quiz_text[key] = texts

    fields = {
        "audience": data["audience"],
        "topic": data["topic"],
        "stage": data["stage"],
        "minutes": data["minutes"],
        "order": data.get("order", 100),
        "tags": data.get("tags", []),
        "source_locale": source,
        "quiz": quiz,
    }
    return ModuleFiles(slug, fields, quiz, locales, folder_hash(folder))


# --- Writing -------------------------------------------------------------------------------------


def _write_translations(module: Module, parsed: ModuleFiles, *, created: bool = False) -> None:
    """Every human text of ``parsed`` onto ``module``: new locales in one insert, the others in one
    update (a sync writes some 170 texts; a query per text made it the slowest part)."""
    now = timezone.now()
    texts = {
        locale: {
            "status": ModuleTranslationStatus.HUMAN,
            "title": text.title,
            "summary": text.summary,
            "body": text.body,
            "body_html": render(module.slug, text.body),
            "region_notes": text.region_notes,
            "reflection": text.reflection,
            "quiz_text": text.quiz_text,
            "source_hash": parsed.content_hash,
            "reviewed_by": None,
            "reviewed_at": None,
            "updated_at": now,
        }
        for locale, text in parsed.locales.items()
    }
    existing = {} if created else {row.locale: row for row in module.translations.filter(locale__in=texts)}
    for locale, fields in texts.items():
        row = existing.get(locale)
        if row is not None:
            for name, value in fields.items():
                setattr(row, name, value)
    ModuleTranslation.objects.bulk_create(
        [
            ModuleTranslation(module=module, locale=locale, **fields)
            for locale, fields in texts.items()
            if locale not in existing
        ]
    )
    if existing:
        # Every text carries the same fields: the ones written above.
        written = list(texts[next(iter(existing))])
        ModuleTranslation.objects.bulk_update(existing.values(), fields=written)
    # A human text that was removed from disk goes; machine translations stay (marked outdated).
    module.translations.filter(status=ModuleTranslationStatus.HUMAN).exclude(
        locale__in=parsed.locales
    ).delete()


def sync_modules(folder: Path, report: SyncReport) -> None:
    """Upsert every module below ``folder`` by slug; archive the ones whose folder is gone.

    A folder whose content hash equals the loaded row's is not parsed again: it was checked when it
    was loaded, and the hash covers every byte. Everything else is parsed and checked before the
    first write, so a bad file leaves the database as it was.
    """
    folders = [c for c in sorted(folder.iterdir()) if c.is_dir() and not c.name.startswith((".", "_"))]
    now = timezone.now()
    with transaction.atomic():
        existing = {module.slug: module for module in Module.objects.select_for_update()}
        unchanged: list[Module] = []
        parsed: list[ModuleFiles] = []
        for child in folders:
            module = existing.get(child.name)
            if module is not None and module.content_hash == folder_hash(child):
                unchanged.append(module)
            else:
                parsed.append(parse_module_remembered(child))

        for module in unchanged:
            if module.archived_at is None:
                report.count(KIND, "unchanged", module.slug)
            else:
                module.archived_at = None
                module.save(update_fields=["archived_at", "updated_at"])
                report.count(KIND, "restored", module.slug)
        for files in parsed:
            module = existing.get(files.slug)
            if module is None:
                module = Module.objects.create(
                    slug=files.slug, content_hash=files.content_hash, **files.fields
                )
                _write_translations(module, files, created=True)
                report.count(KIND, "added", files.slug)
                continue
            was_archived = module.archived_at is not None
            for name, value in files.fields.items():
                setattr(module, name, value)
            module.content_hash = files.content_hash
            module.archived_at = None
            _write_translations(module, files)
            module.save()
            report.count(KIND, "restored" if was_archived else "changed", files.slug)

        on_disk = {child.name for child in folders}
        for slug, module in existing.items():
            if slug not in on_disk and module.archived_at is None:
                module.archived_at = now
                module.save(update_fields=["archived_at", "updated_at"])
                report.count(KIND, "archived", slug)
        _mark_drafts(folder, on_disk, report)


def _mark_drafts(folder: Path, slugs: set[str], report: SyncReport) -> None:
    """``reviewed`` of each text from a file: false while content/_review/<lang>.yaml lists it."""
    drafted = drafted_files(folder.parent, report)
    unchecked = {
        (slug, language)
        for slug in slugs
        for language in drafted_languages(
            drafted, f"{KIND}/{slug}/{{lang}}.md", f"{KIND}/{slug}/{{lang}}.yaml"
        )
    }
    # Decided here rather than in one query per (module, language): a condition per pair made the
    # query cost more to build than the texts it updates.
    human = ModuleTranslation.objects.filter(status=ModuleTranslationStatus.HUMAN)
    to_review: list[int] = []
    reviewed: list[int] = []
    for pk, slug, locale, was_reviewed in human.values_list("pk", "module__slug", "locale", "reviewed"):
        should_be_reviewed = (slug, locale) not in unchecked
        if should_be_reviewed and not was_reviewed:
            reviewed.append(pk)
        elif was_reviewed and not should_be_reviewed:
            to_review.append(pk)
    if reviewed:
        ModuleTranslation.objects.filter(pk__in=reviewed).update(reviewed=True)
    if to_review:
        ModuleTranslation.objects.filter(pk__in=to_review).update(reviewed=False)
