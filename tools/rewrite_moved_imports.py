"""Rewrites references to modules that moved between apps (issue 20: no import cycles between apps).

Run it from the repository's top after merging a branch that still uses an old path:
``.venv/bin/python tools/rewrite_moved_imports.py``. It rewrites dotted paths (imports, settings
strings) and file paths (docs) in Python, Markdown, HTML and TOML files, and is safe to run twice.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOVES = {
    "welkom.api.errors": "welkom.core.errors",
    "welkom.api.pagination": "welkom.core.pagination",
    "welkom.api.parsers": "welkom.core.parsers",
    "welkom.api.throttling": "welkom.core.throttling",
    "welkom.api.authentication": "welkom.core.authentication",
    "welkom.api.permissions": "welkom.accounts.permissions",
    "welkom.privacy.registry": "welkom.core.privacy_registry",
}
WHOLE_LINE = {
    "from welkom.privacy import registry\n": "from welkom.core import privacy_registry as registry\n",
    "from welkom.privacy import registry, ": (
        "from welkom.core import privacy_registry as registry\nfrom welkom.privacy import "
    ),
}
# Prometheus instruments moved to core; the scrape code stays in welkom.monitoring.metrics.
INSTRUMENTS = {
    "REQUESTS",
    "REQUEST_SECONDS",
    "TASKS",
    "TASK_SECONDS",
    "TASK_QUEUE_SECONDS",
    "TRANSLATIONS",
    "TRANSLATION_SECONDS",
    "TRANSLATION_QUEUE_SECONDS",
    "CHAT_TRANSLATED_SECONDS",
    "task_queue_seconds",
    "translation_observe",
    "LATENCY_BUCKETS",
    "TASK_BUCKETS",
    "WAIT_BUCKETS",
}
METRICS_IMPORT = re.compile(r"from welkom\.monitoring\.metrics import ([\w, ]+)\n")


def _metrics(match: re.Match[str]) -> str:
    names = {name.strip() for name in match.group(1).split(",")}
    if names <= INSTRUMENTS:
        return f"from welkom.core.metrics import {match.group(1)}\n"
    return match.group(0)


SUFFIXES = {".py", ".md", ".html", ".toml", ".txt", ".cfg", ".ini", ".yaml", ".yml"}
SKIP = {".venv", "node_modules", ".git", "var", "dist", "frontend", "tools"}


def patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for old, new in MOVES.items():
        out.append((re.compile(re.escape(old) + r"\b"), new))
        old_path, new_path = old.replace(".", "/"), new.replace(".", "/")
        out.append((re.compile(re.escape(old_path) + r"\.py\b"), new_path + ".py"))
        # "api/errors.py" without the package prefix, as docs write it
        short_old, short_new = old_path.removeprefix("welkom/"), new_path.removeprefix("welkom/")
        out.append((re.compile(r"(?<![\w/])" + re.escape(short_old) + r"\.py\b"), short_new + ".py"))
    return out


def main() -> None:
    compiled = patterns()
    changed = 0
    for path in ROOT.rglob("*"):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        for old_line, new_line in WHOLE_LINE.items():
            new = new.replace(old_line, new_line)
        for pattern, replacement in compiled:
            new = pattern.sub(replacement, new)
        if path.suffix == ".py":
            new = METRICS_IMPORT.sub(_metrics, new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(path.relative_to(ROOT))
    print(f"{changed} files rewritten; now run ruff check --fix and ruff format (import order)")


if __name__ == "__main__":
    main()
