"""Text prepared for a voice: what a person would say, not the symbols on the page.

Markdown and HTML become plain sentences (link text kept, addresses left out), dates and times are
said as a person says them in the language, amounts with their currency, phone numbers digit by
digit, and Dutch terms stay Dutch: they come out as segments of their own, which the server's voice
reads with a Dutch voice (SSML ``<voice>``). The words per language live in
``translations/speech.json``, shared with the device's voice in the browser (``speech.ts``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Segment:
    text: str
    language: str


@cache
def words() -> dict[str, dict[str, Any]]:
    data = json.loads((settings.TRANSLATIONS_DIR / "speech.json").read_text(encoding="utf-8"))
    return {code: value for code, value in data.items() if not code.startswith("_")}


def _words(language: str) -> dict[str, Any]:
    return words().get(language) or words()["en"]


# --- Markdown and HTML to plain lines ------------------------------------------------------------

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "div", "blockquote", "pre", "dt", "dd"}
_SKIP = {"script", "style"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


_MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def plain_text(source: str) -> str:
    """Markdown or HTML as lines of plain text; links keep their text, addresses are left out."""
    html = source if re.search(r"<(p|div|ul|ol|li|h[1-6]|a|br)\b", source) else _MARKDOWN.render(source)
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    text = re.sub(r"\b(?:https?://|www\.)\S+", " ", text)
    text = re.sub(r"[*_`#|~>]+", " ", text)
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if re.search(r"\w", line))


# --- Dates, times, amounts and phone numbers -----------------------------------------------------

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_TIME = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-3])"  # the hour
    r"(?::([0-5]\d)|\.([0-5]\d)(?=\s*(?:uur|u)\b))"  # 9:30, or 9.30 when "uur" follows
    r"(?:\s*(?:uur|u)\b)?(?![\d:])"
)
_AMOUNT = re.compile(
    r"(?:€\s?(\d[\d.,]*\d|\d)(?:,-)?|(\d[\d.,]*\d|\d)(?:,-)?\s?(?:€|euro\b|EUR\b))", re.IGNORECASE
)
_PHONE = re.compile(r"(?<![\w.,€])(\+?\d[\d\- ]*\d)(?![\w%€]|[.,]\d)")


def _date(language: str, day: int, month: int, year: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    table = _words(language)
    return str(table["date"]).format(d=day, month=table["months"][month - 1], y=year)


def say_dates(text: str, language: str) -> str:
    """``2026-12-06`` and ``6-12-2026`` (also with / or .) as the day, the month's name and the year."""
    text = _ISO_DATE.sub(lambda m: _date(language, int(m[3]), int(m[2]), int(m[1])) or m[0], text)
    return _DMY_DATE.sub(lambda m: _date(language, int(m[1]), int(m[2]), int(m[3])) or m[0], text)


def say_times(text: str, language: str) -> str:
    """``9:30``, ``09:00`` and ``9.30 uur`` as hours and minutes."""
    table = _words(language)

    def said(match: re.Match[str]) -> str:
        hour, minutes = int(match[1]), int(match[2] or match[3])
        if minutes == 0:
            return str(table["time_hour"]).format(h=hour)
        return str(table["time"]).format(h=hour, m=minutes)

    return _TIME.sub(said, text)


def _number(amount: str) -> tuple[int, int]:
    """Whole euros and cents of an amount written the Dutch (1.250,50) or English (1,250.50) way."""
    cents = 0
    decimals = re.search(r"[.,](\d{2})$", amount)
    if decimals:
        cents = int(decimals[1])
        amount = amount[: decimals.start()]
    return int(re.sub(r"\D", "", amount) or 0), cents


def say_amounts(text: str, language: str) -> str:
    """``€ 1.250,50``, ``€12,-`` and ``35 euro`` as the number and the currency in the language."""
    table = _words(language)

    def said(match: re.Match[str]) -> str:
        euros, cents = _number(match[1] or match[2])
        spoken = f"{euros} {table['euro']}"
        return f"{spoken} {cents} {table['cent']}" if cents else spoken

    return _AMOUNT.sub(said, text)


def spell_numbers(text: str, language: str) -> str:
    """Phone numbers digit by digit, the groups apart: ``0900-8844`` → ``0 9 0 0, 8 8 4 4``. A number
    counts as a phone number when it starts with 0 or + (Dutch numbers all do) or is 112."""
    plus = str(_words(language)["plus"])

    def said(match: re.Match[str]) -> str:
        number = match[1]
        digits = re.sub(r"\D", "", number)
        if not (number.startswith(("0", "+")) or digits == "112") or len(digits) < 3:
            return number
        groups = [" ".join(group) for group in re.split(r"[- ]+", number.lstrip("+")) if group]
        spoken = ", ".join(groups)
        return f"{plus} {spoken}" if number.startswith("+") else spoken

    return _PHONE.sub(said, text)


# --- Dutch terms ---------------------------------------------------------------------------------


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    forms = sorted({term.strip() for term in terms if term.strip()}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(form) for form in forms) + r")(?!\w)", re.IGNORECASE)


def prepare(source: str, language: str, *, terms: Iterable[str] = ()) -> list[Segment]:
    """``source`` (Markdown, HTML or plain) as segments to speak in order. Lines end with a full stop
    so every voice pauses; Dutch ``terms`` in a text of another language are segments in Dutch."""
    text = plain_text(source)
    text = say_dates(text, language)
    text = say_times(text, language)
    text = say_amounts(text, language)
    text = spell_numbers(text, language)
    lines = [line if re.search(r"[.!?:;؟]$", line) else f"{line}." for line in text.split("\n") if line]
    text = "\n".join(lines)
    pattern = _term_pattern(terms) if language != "nl" else None
    if pattern is None:
        return [Segment(text, language)] if text else []
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()], language))
        segments.append(Segment(match[0], "nl"))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:], language))
    return segments


def as_text(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments)


def as_ssml(segments: list[Segment], language: str) -> str:
    """SSML for ``espeak-ng -m``: the text in the voice of ``language``, Dutch segments in Dutch."""
    body = "".join(
        escape(segment.text, quote=False)
        if segment.language == language
        else f'<voice name="{segment.language}">{escape(segment.text, quote=False)}</voice>'
        for segment in segments
    )
    return f'<speak xml:lang="{language}">{body}</speak>'
