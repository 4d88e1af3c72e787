"""Journey templates from ``content/journeys/<slug>.yaml``.

One file per template; titles and bodies are given per locale inside the file (``en`` is required,
other locales are optional and fall back to English). The sync upserts by slug, skips files whose
hash did not change, archives templates whose file is gone, and raises ContentError with the file
and line for anything malformed, including a step whose ``ref`` names no module, checklist or
language level. Running plans are copies and are never touched by a sync.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any

from django.utils import timezone

from welkom.content.loader import ContentError, SyncReport, YamlDocument, content_hash, read_yaml, validate
from welkom.content.translations import apply_overlay, check_language_name, drafted_files, drafted_languages
from welkom.core.language import INLINE_CONTENT_LANGUAGES
from welkom.journeys.models import (
    Anchor,
    JourneyTemplate,
    OffsetUnit,
    Owner,
    StepKind,
    TemplateStage,
    TemplateStep,
)

KIND = "journeys"
SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCALIZED = {
    "type": "object",
    "required": ["en"],
    "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z]{2,4})?$"},
    "additionalProperties": {"type": "string", "minLength": 1},
}
STEP = {
    "type": "object",
    "required": ["key", "kind", "owner", "title"],
    "additionalProperties": False,
    "properties": {
        "key": {"type": "string", "pattern": SLUG, "maxLength": 60},
        "kind": {"enum": list(StepKind.values)},
        "ref": {"type": "string", "maxLength": 80},
        "owner": {"enum": list(Owner.values)},
        "days": {"type": "integer", "minimum": -400, "maximum": 400},
        "working_days": {"type": "integer", "minimum": -200, "maximum": 200},
        "at": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "after": {"type": "array", "items": {"type": "string", "pattern": SLUG}, "uniqueItems": True},
        "title": LOCALIZED,
        "body": LOCALIZED,
    },
    "not": {"required": ["days", "working_days"]},
}
SCHEMA = {
    "type": "object",
    "required": ["slug", "title", "stages"],
    "additionalProperties": False,
    "properties": {
        "slug": {"type": "string", "pattern": SLUG, "maxLength": 80},
        "title": LOCALIZED,
        "description": LOCALIZED,
        "stages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "anchor", "title", "steps"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": SLUG, "maxLength": 60},
                    "anchor": {"enum": list(Anchor.values)},
                    "offset_days": {"type": "integer", "minimum": -400, "maximum": 800},
                    "title": LOCALIZED,
                    "steps": {"type": "array", "items": STEP},
                },
            },
        },
    },
}


def _check_references(document: YamlDocument) -> None:
    data = document.data
    seen_stages: set[str] = set()
    seen_steps: dict[str, tuple[int, int]] = {}
    for s, stage in enumerate(data["stages"]):
        if stage["key"] in seen_stages:
            raise document.error(f"stages/{s}/key: stage '{stage['key']}' appears twice", "stages", s, "key")
        seen_stages.add(stage["key"])
        for i, step in enumerate(stage["steps"]):
            if step["key"] in seen_steps:
                raise document.error(
                    f"stages/{s}/steps/{i}/key: step '{step['key']}' appears twice",
                    "stages",
                    s,
                    "steps",
                    i,
                    "key",
                )
            seen_steps[step["key"]] = (s, i)
            if step["kind"] in ("module", "checklist", "language") and not step.get("ref"):
                raise document.error(
                    f"stages/{s}/steps/{i}: a {step['kind']} step needs 'ref' (a slug or a level)",
                    "stages",
                    s,
                    "steps",
                    i,
                )
    # Every 'after' names a step of this template, and the steps do not wait on each other in a circle.
    graph = {}
    for s, stage in enumerate(data["stages"]):
        for i, step in enumerate(stage["steps"]):
            for j, other in enumerate(step.get("after", [])):
                if other not in seen_steps:
                    raise document.error(
                        f"stages/{s}/steps/{i}/after/{j}: no step '{other}' in this template",
                        "stages",
                        s,
                        "steps",
                        i,
                        "after",
                        j,
                    )
            graph[step["key"]] = list(step.get("after", []))
    state: dict[str, int] = {}

    def visit(key: str, trail: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            s, i = seen_steps[key]
            cycle = " -> ".join([*trail[trail.index(key) :], key])
            raise document.error(f"steps wait on each other in a circle: {cycle}", "stages", s, "steps", i)
        state[key] = 1
        for other in graph[key]:
            visit(other, [*trail, key])
        state[key] = 2

    for key in graph:
        visit(key, [])


def known_refs(root: Path) -> dict[str, set[str]]:
    """What a step's ``ref`` may name, per kind: the modules and checklist templates loaded (not
    archived) or present in the content folder ``root`` (``sync_journeys`` may run on its own), and
    the language levels and exam milestones that language plans produce."""
    from welkom.checklists.selectors import live_template_slugs
    from welkom.language.models import Level
    from welkom.language.planner import EXAMS
    from welkom.modules.selectors import live_module_slugs

    def on_disk(kind: str, file: str) -> set[str]:
        folder = root / kind
        return {p.parent.name for p in folder.glob(f"*/{file}")} if folder.is_dir() else set()

    return {
        "module": live_module_slugs() | on_disk("modules", "module.yaml"),
        "checklist": live_template_slugs() | on_disk("checklists", "checklist.yaml"),
        "language": {*Level.values, *EXAMS.values()},
    }


def check_refs(document: YamlDocument, known: dict[str, set[str]]) -> None:
    """Every module, checklist and language step names something that exists; an unknown ref is an
    error with the file and line (it would otherwise become a step nothing ever marks done)."""
    for s, stage in enumerate(document.data["stages"]):
        for i, step in enumerate(stage["steps"]):
            names = known.get(step["kind"])
            if names is None or step["ref"] in names:
                continue
            choices = ", ".join(sorted(names)) or "none loaded"
            raise document.error(
                f"stages/{s}/steps/{i}/ref: there is no {step['kind']} '{step['ref']}' (known: {choices})",
                "stages",
                s,
                "steps",
                i,
                "ref",
            )


def parse_template(path: Path) -> YamlDocument:
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        raise ContentError(path, 1, "a journey template is a mapping with slug, title and stages")
    validate(document, SCHEMA)
    if document.data["slug"] != path.stem:
        raise document.error(
            f"slug: '{document.data['slug']}' must match the file name '{path.stem}'", "slug"
        )
    _check_references(document)
    return document


def _time(text: str | None) -> time:
    if not text:
        return time(9, 0)
    match = re.fullmatch(r"(\d\d):(\d\d)", text)
    assert match
    return time(int(match.group(1)), int(match.group(2)))


def _write(template: JourneyTemplate, data: dict[str, Any]) -> None:
    template.stages.all().delete()
    for position, stage_data in enumerate(data["stages"]):
        stage = TemplateStage.objects.create(
            template=template,
            key=stage_data["key"],
            position=position,
            anchor=stage_data["anchor"],
            offset_days=stage_data.get("offset_days", 0),
            title=stage_data["title"],
        )
        TemplateStep.objects.bulk_create(
            TemplateStep(
                stage=stage,
                key=step["key"],
                position=index,
                kind=step["kind"],
                ref=step.get("ref", ""),
                owner=step["owner"],
                offset=step.get("working_days", step.get("days", 0)),
                offset_unit=OffsetUnit.WORKING if "working_days" in step else OffsetUnit.CALENDAR,
                local_time=_time(step.get("at")),
                after=step.get("after", []),
                title=step["title"],
                body=step.get("body", {}),
            )
            for index, step in enumerate(stage_data["steps"])
        )


def overlays(folder: Path) -> dict[str, dict[str, Path]]:
    """``{slug: {language: path}}`` from ``journeys/<lang>/<slug>.yaml`` (docs/content-translations.md)."""
    found: dict[str, dict[str, Path]] = {}
    sources = {path.stem for path in folder.glob("*.yaml")}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        language = check_language_name(sub, sub.name)
        if language in INLINE_CONTENT_LANGUAGES:
            raise ContentError(sub, None, f"{language} texts are written in the journey's own file")
        for path in sorted(sub.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or path.stem not in sources:
                raise ContentError(path, None, f"no journey {path.stem}.yaml to translate")
            found.setdefault(path.stem, {})[language] = path
    return found


def sync_journeys(folder: Path, report: SyncReport) -> None:
    seen: set[str] = set()
    translations = overlays(folder)
    drafted = drafted_files(folder.parent, report)
    known = known_refs(folder.parent)
    for path in sorted(folder.glob("*.yaml")):
        document = parse_template(path)
        check_refs(document, known)
        data = document.data
        for language, overlay in translations.get(path.stem, {}).items():
            apply_overlay(data, read_yaml(overlay), language)
        languages = drafted_languages(drafted, f"{KIND}/{{lang}}/{path.stem}.yaml")
        digest = content_hash([path, *translations.get(path.stem, {}).values()], folder)
        slug = data["slug"]
        seen.add(slug)
        template = JourneyTemplate.objects.filter(slug=slug).first()
        if template is not None and template.content_hash == digest and template.archived_at is None:
            if template.drafted != languages:
                template.drafted = languages
                template.save(update_fields=["drafted"])
            report.count(KIND, "unchanged", slug)
            continue
        if template is None:
            outcome = "added"
            template = JourneyTemplate(slug=slug)
        elif template.archived_at is not None:
            outcome = "restored"
        else:
            outcome = "changed"
        template.title = data["title"]
        template.description = data.get("description", {})
        template.drafted = languages
        template.content_hash = digest
        template.archived_at = None
        template.updated_at = timezone.now()
        template.save()
        _write(template, data)
        report.count(KIND, outcome, slug)
    for template in (
        JourneyTemplate.objects.filter(archived_at__isnull=True)
        .exclude(slug__in=seen)
        .exclude(content_hash="")
    ):
        template.archived_at = timezone.now()
        template.save(update_fields=["archived_at"])
        report.count(KIND, "archived", template.slug)
