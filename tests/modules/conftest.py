"""Helpers to write module folders, and the shipped content loaded into the test database."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from welkom.content.services import content_sync

MODULE_YAML = """\
audience: {audience}
topic: feedback
stage: first-week
minutes: 5
tags: [feedback]
reflection:
  - en: What did you notice?
    nl: Wat viel je op?
quiz:
  - key: pick-one
    kind: single
    question:
      en: Which is right?
      nl: Welke is goed?
    options:
      - id: a
        text: {{en: Option A, nl: Optie A}}
        correct: true
      - id: b
        text: {{en: Option B, nl: Optie B}}
    explanation:
      en: A is right because it is.
      nl: A is goed omdat het zo is.
  - key: pick-many
    kind: multiple
    question:
      en: Which are right?
      nl: Welke zijn goed?
    options:
      - id: x
        text: {{en: X, nl: X}}
        correct: true
      - id: y
        text: {{en: Y, nl: Y}}
        correct: true
      - id: z
        text: {{en: Z, nl: Z}}
    explanation:
      en: X and Y.
      nl: X en Y.
"""

EN_MD = """\
---
title: {title}
summary: A short summary.
---
# Heading

Some **text**.

::: region south-asia
A note that compares habits.
:::
"""

NL_MD = """\
---
title: Nederlandse titel
summary: Een korte samenvatting.
---
Wat **tekst**.
"""


def write_module(
    root: Path,
    slug: str = "sample",
    *,
    audience: str = "newcomer",
    title: str = "Sample title",
    yaml: str | None = None,
    en: str | None = None,
    nl: str | None = NL_MD,
) -> Path:
    folder = root / "modules" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module.yaml").write_text(
        textwrap.dedent(yaml) if yaml is not None else MODULE_YAML.format(audience=audience), encoding="utf-8"
    )
    (folder / "en.md").write_text(en if en is not None else EN_MD.format(title=title), encoding="utf-8")
    if nl is not None:
        (folder / "nl.md").write_text(nl, encoding="utf-8")
    return folder


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    (tmp_path / "modules").mkdir()
    return tmp_path


@pytest.fixture
def shipped_modules(db):  # type: ignore[no-untyped-def]
    """The real modules from content/modules, loaded the way `make run` does."""
    return content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules"])
