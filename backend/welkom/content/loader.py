"""Reading content files: YAML with line numbers, schema validation, hashes, and the registry of
content kinds that ``manage.py sync_content`` loads.

A content kind (modules, journey templates, checklist templates, ...) registers itself in its app's
``AppConfig.ready()``::

    register(ContentKind(name="modules", folder="modules", sync=sync_modules, order=10))

``sync(root, report)`` reads every file below ``root``, upserts by natural key, skips rows whose
content hash did not change, archives rows whose files are gone, counts each outcome on ``report``,
and raises :class:`ContentError` (file and line) for anything malformed. The command runs all kinds
in one transaction, so an error anywhere leaves the database as it was.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

if TYPE_CHECKING:
    import jsonschema

Lines = dict[tuple[Any, ...], int]


class ContentError(Exception):
    """A problem in one content file, with the line it is on when known."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class YamlDocument:
    path: Path
    data: Any
    lines: Lines

    def line_of(self, *keys: Any) -> int | None:
        """Line of the value at ``keys`` (or of its nearest parent that has a line)."""
        path = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def error(self, message: str, *keys: Any) -> ContentError:
        return ContentError(self.path, self.line_of(*keys), message)


def _walk(node: Node, path: tuple[Any, ...], lines: Lines) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key, value in node.value:
            _walk(value, (*path, key.value), lines)
    elif isinstance(node, SequenceNode):
        for index, value in enumerate(node.value):
            _walk(value, (*path, index), lines)


# libyaml's parser where PyYAML was built with it (the wheels are): the same documents, much faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Parsed documents by their text: a sync reads every file again, and a process that syncs often (the
# test suite does it in some hundred tests) would parse the same texts each time. The key is the
# SHA-256 of the text itself (and the line it starts on), never a file's name or modification time:
# a file rewritten within the same second, even to the same size, has another text and is parsed
# anew. Callers get their own deep copy (the overlays are merged into the data in place).
_PARSED: OrderedDict[tuple[int, bytes], tuple[Any, Lines]] = OrderedDict()
_PARSED_LIMIT = 2048  # documents; the shipped content has some 500
_parsed_lock = threading.Lock()


def parse_yaml(text: str, path: Path | str, first_line: int = 1) -> YamlDocument:
    """Parse YAML text; ``first_line`` shifts line numbers (for YAML front matter inside Markdown).

    Remembered per process by the text's hash (at most ``_PARSED_LIMIT`` documents, the least
    recently used go first); every call returns data of its own. Errors are not remembered."""
    key = (first_line, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    with _parsed_lock:
        known = _PARSED.get(key)
        if known is not None:
            _PARSED.move_to_end(key)
    if known is not None:
        data, lines = known
        return YamlDocument(Path(path), _copy(data, {}), dict(lines))
    document = _parse_yaml(text, path, first_line)
    with _parsed_lock:
        _PARSED[key] = (_copy(document.data, {}), dict(document.lines))
        while len(_PARSED) > _PARSED_LIMIT:
            _PARSED.popitem(last=False)
    return document


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy of parsed YAML: new mappings and lists (one copy of each, so anchors and aliases
    keep sharing as in the parse), the scalars themselves (str, int, float, bool, None, date and
    datetime never change). Several times faster than ``copy.deepcopy``, which it falls back to for
    anything else."""
    kind = type(value)
    if kind is dict or kind is list or kind is set:
        known = memo.get(id(value))
        if known is not None:
            return known
        if kind is dict:
            mapping: dict[Any, Any] = {}
            memo[id(value)] = mapping
            for key, item in value.items():
                mapping[key] = _copy(item, memo)
            return mapping
        if kind is list:
            items: list[Any] = []
            memo[id(value)] = items
            items.extend(_copy(item, memo) for item in value)
            return items
        copied = set(value)  # YAML's !!set: hashable members only
        memo[id(value)] = copied
        return copied
    if kind in _SCALARS:
        return value
    return copy.deepcopy(value, memo)


_SCALARS = frozenset({str, int, float, bool, type(None), bytes, date, datetime})


def _parse_yaml(text: str, path: Path | str, first_line: int) -> YamlDocument:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()  # one parse gives both the data and the line numbers
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as first:
        # Say where the problem is as PyYAML's own parser sees it (libyaml counts some lines apart).
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
            exc = first
        except yaml.YAMLError as pure:
            exc = pure
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"not valid YAML: {problem}") from first
    finally:
        loader.dispose()
    lines: Lines = {}
    if node is not None:
        _walk(node, (), lines)
        lines = {key: value + first_line - 1 for key, value in lines.items()}
    return YamlDocument(Path(path), data, lines)


def read_yaml(path: Path) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, "not UTF-8 text") from exc
    return parse_yaml(text, path)


# One validator per schema (building one costs more than most validations): the schemas are the
# content kinds' constants, kept here with their validator so that an id is never reused.
_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    known = _VALIDATORS.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    # Imported on first use: with its format checkers jsonschema takes a second of CPU to import
    # (rfc3987-syntax builds a grammar), which every process that boots Django paid, most of them
    # (web, workers, beat) never validating content.
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    if len(_VALIDATORS) >= 64:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


def validate(document: YamlDocument, schema: dict[str, Any]) -> None:
    """Check ``document`` against a JSON schema; the first error names its field and line."""
    validator = _validator(schema)
    errors = sorted(
        validator.iter_errors(document.data), key=lambda e: (len(e.absolute_path), str(e.absolute_path))
    )
    if errors:
        error = errors[0]
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise document.error(f"{where}: {error.message}", *error.absolute_path)


def content_hash(paths: Iterable[Path], root: Path) -> str:
    """A hash over the relative names and bytes of ``paths``: equal files give an equal hash."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


# --- The registry and the report ------------------------------------------------------------------

OUTCOMES = ("added", "changed", "archived", "restored", "unchanged")


@dataclass
class SyncReport:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    progress: Callable[[str], None] = lambda message: None
    # Things that load but a person should look at (e.g. sources nobody re-checked): {kind: [message]}.
    notices: dict[str, list[str]] = field(default_factory=dict)

    def notice(self, kind: str, message: str) -> None:
        self.notices.setdefault(kind, []).append(message)

    def count(self, kind: str, outcome: str, key: str = "") -> None:
        assert outcome in OUTCOMES, outcome
        self.counts.setdefault(kind, Counter())[outcome] += 1
        if outcome != "unchanged":
            self.progress(f"{kind}: {outcome} {key}")

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())


@dataclass(frozen=True)
class ContentKind:
    name: str
    folder: str
    sync: Callable[[Path, SyncReport], None]
    order: int = 100


_kinds: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> None:
    _kinds[kind.name] = kind


def registered_kinds() -> list[ContentKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))
