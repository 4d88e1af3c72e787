"""Content in more languages than the source files hold: per-language overlay files and review lists.

English and Dutch are written inline in the source YAML (``title: {en: ..., nl: ...}``); the other
languages come as files of their own (docs/content-translations.md):

- an *overlay* ``<lang>.yaml`` repeats the source YAML with only its texts, each in the one language;
  list items are matched by their ``key`` or ``id``, items without either by their place;
- ``content/_review/<lang>.yaml`` lists the files drafted without a native speaker.

:func:`apply_overlay` merges an overlay into the parsed source, so the loaders see the usual
``{language: text}`` mappings with one language more. Everything that does not fit the source (a key,
id or field it does not have, a text where the source has none, a placeholder or link of the
English text left out) is a :class:`ContentError` with the overlay's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from welkom.content.loader import ContentError, SyncReport, YamlDocument, read_yaml
from welkom.core.language import INLINE_CONTENT_LANGUAGES, supported_languages

REVIEW_FOLDER = "_review"
# {name}, {{name}}, %(name)s, %s: whatever stands in for a value must survive translation.
_PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}|\{\w+\}|%\(\w+\)[sd]|%[sd]")
# Markdown links and pictures: [text](target) - the target must stay.
_LINK = re.compile(r"\]\(\s*([^)\s]+)")


def overlay_languages() -> list[str]:
    """Languages whose content comes in files of their own."""
    return [code for code in supported_languages() if code not in INLINE_CONTENT_LANGUAGES]


def check_language_name(path: Path, name: str) -> str:
    """``name`` (a file stem or folder name) must be a language Welkom has; else an error on ``path``."""
    if name not in supported_languages():
        raise ContentError(
            path, None, f"unknown language '{name}'; use one of: {', '.join(supported_languages())}"
        )
    return name


def is_language_mapping(value: Any, languages: Collection[str] | None = None) -> bool:
    """``{en: ..., nl: ...}``: a text given per language (English always there). ``languages``: the
    supported languages, when the caller asks about many values at once."""
    if not isinstance(value, dict) or "en" not in value:
        return False
    known = supported_languages() if languages is None else languages
    return all(isinstance(key, str) and key in known for key in value)


def tokens(text: str) -> tuple[list[str], list[str]]:
    """The placeholders and the link targets in ``text``, each sorted."""
    return sorted(_PLACEHOLDER.findall(text)), sorted(_LINK.findall(text))


def check_same_tokens(
    english: str, translated: str, document_path: Path, line: int | None, where: str
) -> None:
    """Every placeholder and Markdown link target of the English text is in the translation too."""
    (english_places, english_links), (places, links) = tokens(english), tokens(translated)
    for token in english_places:
        if english_places.count(token) > places.count(token):
            raise ContentError(
                document_path, line, f"{where}: placeholder {token} of the English text is missing"
            )
    for token in english_links:
        if english_links.count(token) > links.count(token):
            raise ContentError(document_path, line, f"{where}: link ({token}) of the English text is missing")
    for token in places:
        if token not in english_places:
            raise ContentError(
                document_path, line, f"{where}: placeholder {token} is not in the English text"
            )


def _item_id(item: Any) -> str | None:
    if isinstance(item, dict):
        for name in ("key", "id"):
            if name in item:
                return str(item[name])
    return None


def apply_overlay(source: Any, overlay: YamlDocument, language: str) -> None:
    """Merge ``overlay`` (texts in ``language`` only) into ``source`` (the parsed source YAML) in place."""
    if overlay.data is None:
        return
    _merge(source, overlay.data, overlay, language, (), frozenset(supported_languages()))


def _merge(
    source: Any,
    overlay: Any,
    document: YamlDocument,
    language: str,
    at: tuple[Any, ...],
    languages: frozenset[str],
) -> None:
    where = "/".join(str(part) for part in at) or "(top level)"
    if is_language_mapping(source, languages):
        _set_text(source, overlay, document, language, at)
        return
    if isinstance(source, dict):
        if not isinstance(overlay, dict):
            raise document.error(f"{where}: expected a mapping, as in the source", *at)
        for key, value in overlay.items():
            if key not in source:
                raise document.error(f"{where}: '{key}' is not in the source file", *at, key)
            if key in ("key", "id") and at and isinstance(at[-1], int):
                continue  # matched on already
            _merge(source[key], value, document, language, (*at, key), languages)
        return
    if isinstance(source, list):
        if not isinstance(overlay, list):
            raise document.error(f"{where}: expected a list, as in the source", *at)
        by_id = {_item_id(item): item for item in source if _item_id(item) is not None}
        for index, item in enumerate(overlay):
            wanted = _item_id(item)
            if wanted is not None:
                if wanted not in by_id:
                    raise document.error(
                        f"{where}/{index}: no item '{wanted}' in the source file", *at, index
                    )
                target = by_id[wanted]
            elif by_id:
                raise document.error(f"{where}/{index}: give the item's key (or id) to match it", *at, index)
            elif index < len(source):
                target = source[index]
            else:
                raise document.error(
                    f"{where}/{index}: the source file has only {len(source)} items here", *at, index
                )
            _merge(target, item, document, language, (*at, index), languages)
        return
    raise document.error(f"{where}: not a text in the source file; leave it out of a translation", *at)


def _set_text(
    source: dict[str, Any], value: Any, document: YamlDocument, language: str, at: tuple[Any, ...]
) -> None:
    where = "/".join(str(part) for part in at)
    english = source["en"]
    if value is None or value == "" or value == []:
        return  # left out: the reader gets the fallback
    if isinstance(english, list):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise document.error(f"{where}: expected a list of texts, as in the English", *at)
        if len(value) != len(english):
            raise document.error(
                f"{where}: the English has {len(english)} entries, this has {len(value)}", *at
            )
        for index, (source_text, text) in enumerate(zip(english, value, strict=True)):
            check_same_tokens(
                source_text, text, document.path, document.line_of(*at, index), f"{where}/{index}"
            )
    else:
        if not isinstance(value, str):
            raise document.error(f"{where}: expected a text", *at)
        check_same_tokens(str(english), value, document.path, document.line_of(*at), where)
        value = value.strip()
    source[language] = value


# --- Markdown files in another language ---------------------------------------------------------


def check_markdown_links(english: Path, translated: Path) -> None:
    """A translated Markdown file keeps every link and picture target of the English one."""
    english_text = english.read_text(encoding="utf-8")
    text = translated.read_text(encoding="utf-8")
    found = _LINK.findall(text)
    for number, line in enumerate(english_text.splitlines(), start=1):
        for target in _LINK.findall(line):
            if target not in found:
                raise ContentError(
                    translated,
                    _first_difference(english_text, text),
                    f"link ({target}) of {english.name}:{number} is missing",
                )
            found.remove(target)
    for number, line in enumerate(text.splitlines(), start=1):
        for token in _PLACEHOLDER.findall(line):
            if token not in english_text:
                raise ContentError(translated, number, f"placeholder {token} is not in {english.name}")


def _first_difference(english: str, text: str) -> int | None:
    """The line of ``text`` where its links first differ from the English (for the message)."""
    english_links = _LINK.findall(english)
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for target in _LINK.findall(line):
            if seen >= len(english_links) or english_links[seen] != target:
                return number
            seen += 1
    return len(text.splitlines()) or None


# --- Review lists ---------------------------------------------------------------------------------


def drafted_files(root: Path, report: SyncReport | None = None) -> dict[str, set[str]]:
    """``{language: {path relative to content/, ...}}`` from ``content/_review/<lang>.yaml``.

    A listed file that does not exist is reported as a notice (a translator may list a file before
    it lands), a malformed list is an error with its file and line."""
    folder = root / REVIEW_FOLDER
    drafted: dict[str, set[str]] = {}
    if not folder.is_dir():
        return drafted
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml":
            raise ContentError(path, None, "a review list is named <language>.yaml")
        language = check_language_name(path, path.stem)
        document = read_yaml(path)
        data = document.data or {}
        listed = data.get("drafted") if isinstance(data, dict) else None
        if not isinstance(data, dict) or set(data) - {"drafted"} or not isinstance(listed or [], list):
            raise document.error("a review list is a mapping with one key, drafted: [paths]")
        paths: set[str] = set()
        for index, entry in enumerate(listed or []):
            if not isinstance(entry, str) or not entry.strip():
                raise document.error(
                    f"drafted/{index}: expected a path such as modules/<slug>/{language}.md", "drafted", index
                )
            paths.add(entry.strip())
            if report is not None and not (root / entry.strip()).is_file():
                report.notice("review", f"{path.name}: {entry.strip()} is listed but does not exist")
        drafted[language] = paths
    return drafted


def drafted_languages(drafted: dict[str, set[str]], *paths: str) -> list[str]:
    """Languages in which any of ``paths`` (with ``{lang}`` in them) is listed as drafted."""
    return sorted(
        language
        for language, listed in drafted.items()
        if any(path.format(lang=language) in listed for path in paths)
    )
