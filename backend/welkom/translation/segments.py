"""What the model may change and what it must not.

A message is cut into runs: text the model translates, and protected runs that come back exactly
as written (URLs, e-mail addresses, @mentions, numbers, inline code, Markdown markup, placeholders
like ``{name}``, emoji, HTML tags, glossary terms to keep, and, unless the organisation turned the
rule off, all-capital words of 2 to 6 letters such as HR, IT or KPI) or in one fixed translation
(glossary terms to translate one way). The model never sees a protected run, so it cannot damage it,
whatever its weights. Code blocks fenced with three backticks are kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_EMOJI = (
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff\U0001f000-\U0001faff\u2600-\u27bf]*"
)
_PATTERNS = [
    r"^[ \t]*(?:#{1,6}|[-*+]|\d{1,3}[.)]|>)[ \t]+",  # Markdown line markers: heading, list, quote
    r"`[^`\n]+`",  # inline code
    r"\]\([^)\s]+\)",  # the target of a Markdown link: ](https://…)
    r"\[(?=[^\]\n]*\]\()",  # the bracket that opens a Markdown link's text
    r"(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]",  # URLs
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    r"(?<![\w@])@[\w.-]*\w",  # @mentions
    r"\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}|%\(\w+\)[sd]|%[sd]|\$\{\w+\}",  # placeholders
    r"(?<![\w.,])[-+]?\d+(?:[.,:/-]\d+)*%?(?![\w])",  # numbers, times, dates
    _EMOJI,
    r"\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)",  # emphasis
]
_HTML = r"<[^<>\n]+>|&#?\w+;"


def _capitals() -> str:
    """A character class of the capital letters of every script Python knows (Latin, Greek,
    Cyrillic, ...), as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if chr(code).isupper() and chr(code).isalpha():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return (
        "["
        + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
        )
        + "]"
    )


# An acronym: 2 to 6 capital letters standing as a word (HR, IT, KPI, ZZP), not part of a longer
# word, a mention or an address.
_ACRONYM = rf"(?<![\w@.-]){_capitals()}{{2,6}}(?![\w@])"
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Run:
    text: str
    translate: bool


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    replacement: str  # the term itself when it is kept as it is


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...], html: bool, acronyms: bool = True) -> re.Pattern[str]:
    parts = []
    if terms:
        words = sorted(terms, key=len, reverse=True)
        parts.append(r"(?<!\w)(?:" + "|".join(re.escape(term) for term in words) + r")(?!\w)")
    if html:
        parts.append(_HTML)
    parts.extend(_PATTERNS)
    if acronyms:
        parts.append(_ACRONYM)
    return re.compile("|".join(f"(?:{part})" for part in parts), re.MULTILINE)


def split_runs(
    paragraph: str, *, glossary: dict[str, str], html: bool = False, acronyms: bool = True
) -> list[Run]:
    """Cuts one line of text into runs. ``glossary`` maps a term to what it becomes; ``acronyms``
    keeps all-capital words of 2 to 6 letters as written."""
    pattern = _pattern(tuple(sorted(glossary)), html, acronyms)
    runs: list[Run] = []
    position = 0
    for match in pattern.finditer(paragraph):
        if match.start() == match.end():
            continue
        if match.start() > position:
            runs.append(Run(paragraph[position : match.start()], True))
        found = match.group(0)
        runs.append(Run(glossary.get(found, found), False))
        position = match.end()
    if position < len(paragraph):
        runs.append(Run(paragraph[position:], True))
    return [_settle(run) for run in runs]


def _settle(run: Run) -> Run:
    """Text without a single letter (spaces, punctuation) is not worth sending to the model."""
    if run.translate and not any(character.isalpha() for character in run.text):
        return Run(run.text, False)
    return run


@dataclass
class Paragraph:
    runs: list[Run]

    @property
    def is_plain(self) -> bool:
        """One run to translate and nothing protected: translated exactly as Argos would."""
        return len(self.runs) == 1 and self.runs[0].translate


def split_text(
    text: str, *, glossary: dict[str, str], html: bool = False, acronyms: bool = True
) -> list[Paragraph]:
    """Lines of a message (Argos translates line by line too), each cut into runs."""
    paragraphs = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            paragraphs.append(Paragraph([Run(line, False)]))
        elif in_fence:
            paragraphs.append(Paragraph([Run(line, False)]))
        else:
            paragraphs.append(Paragraph(split_runs(line, glossary=glossary, html=html, acronyms=acronyms)))
    return paragraphs


def translatable(run: Run) -> tuple[str, str, str]:
    """(leading space, text for the model, trailing space) of a run cut between protected runs."""
    stripped = run.text.strip()
    start = run.text.index(stripped[0]) if stripped else len(run.text)
    return run.text[:start], stripped, run.text[start + len(stripped) :]
