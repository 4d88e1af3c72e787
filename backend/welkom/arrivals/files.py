"""Reading an uploaded arrivals file into rows of cells, whatever program wrote it.

* CSV: the encoding is UTF-8 when the bytes are valid UTF-8 (with or without a byte order mark),
  UTF-16 when they start with its byte order mark (Excel's "Unicode text"), and otherwise whatever
  charset-normalizer finds most likely, judging the words with non-ASCII letters (the names), among
  the encodings Excel uses on European Windows: cp1250 for Polish and Romanian first (Welkom's
  largest groups), then cp1252/latin-1, cp1251 for Bulgarian and Ukrainian, cp1254 … Single-byte
  encodings overlap, so a guess can be wrong (a Turkish cp1254 file reads as cp1250): the preview
  shows the encoding and the names, and HR can choose another. The delimiter is the one of ``,``,
  ``;`` and tab that the header uses most (Dutch Excel writes ``;``).
* .xlsx: openpyxl in read-only mode (it streams the sheet instead of building it in memory), the
  first worksheet only. Formulas are never evaluated: a formula cell is handed on as
  :class:`Formula` and refused by the row checks. defusedxml (installed with Welkom) keeps
  openpyxl's XML parsing safe from entity-expansion attacks; the unpacked size is checked first.

Anything else (a PDF, an image, an old .xls, a Word file) is refused by its first bytes, not by its
name.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings

from welkom.core.uploads import megabytes_text

CSV_ENCODING_CANDIDATES = [
    "cp1250",  # Central Europe: Polish, Czech, Slovak, Hungarian, Romanian (ş ţ)
    "cp1252",  # Western Europe (latin-1 with extra characters)
    "iso8859_2",
    "iso8859_16",  # Romanian with ș ț
    "cp1251",  # Cyrillic: Bulgarian, Ukrainian
    "cp1254",  # Turkish
    "cp1257",  # Baltic
    "mac_roman",
]
DELIMITERS = (",", ";", "\t")
NON_ASCII_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")


class FileRefused(Exception):
    """The file as a whole cannot be read. ``code`` is a key of messages.FILE_MESSAGES."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Formula:
    """A spreadsheet formula cell: kept as text, never evaluated."""

    text: str


Cell = str | int | float | bool | date | datetime | Formula | None


@dataclass
class Sheet:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number as a spreadsheet shows it, cells)
    encoding: str = ""
    notes: list[str] = field(default_factory=list)


def read(data: bytes, *, encoding: str = "") -> Sheet:
    if not data:
        raise FileRefused("file_empty")
    if len(data) > settings.ARRIVALS_IMPORT_MAX_BYTES:
        raise FileRefused("file_too_large", limit=megabytes_text(settings.ARRIVALS_IMPORT_MAX_BYTES))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .xls, or an encrypted .xlsx
        raise FileRefused("old_excel")
    return _read_csv(data, encoding=encoding)


# --- CSV -------------------------------------------------------------------------------------------


def decode(data: bytes, *, encoding: str = "") -> tuple[str, str]:
    """(text, encoding name) or FileRefused."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise FileRefused("encoding_unsupported", encoding=encoding[:40]) from exc
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise FileRefused("encoding_wrong", encoding=codec) from exc
        return text.removeprefix("\ufeff"), codec
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileRefused("encoding_unknown") from exc
    if b"\x00" in data[:8192]:
        raise FileRefused("unsupported_type")  # binary: an image, a PDF stream, a database …
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Most of a file of arrivals is ASCII (headers, addresses, dates); what tells the encodings
    # apart are the names. charset-normalizer judges those far better on their own.
    words = b" ".join(NON_ASCII_WORD.findall(data))
    for guess in from_bytes(words, cp_isolation=CSV_ENCODING_CANDIDATES):
        try:
            return data.decode(guess.encoding), codecs.lookup(guess.encoding).name
        except UnicodeDecodeError:
            continue
    raise FileRefused("encoding_unknown")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, *, encoding: str) -> Sheet:
    text, used = decode(data, encoding=encoding)
    if text.lstrip().startswith(("%PDF", "<?xml", "<html", "<!DOCTYPE", "{", "[")):
        raise FileRefused("unsupported_type")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    limit = settings.ARRIVALS_IMPORT_MAX_ROWS
    try:
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = record
                continue
            if len(rows) >= limit:
                raise FileRefused("too_many_rows", limit=limit)
            rows.append((number, list(record)))
    except csv.Error as exc:
        raise FileRefused("unsupported_type") from exc
    if header is None:
        raise FileRefused("file_empty")
    return Sheet(kind="csv", header=header, rows=rows, encoding=used)


# --- Excel ------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Sheet:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused("unsupported_type") from exc
    if "xl/workbook.xml" not in names:
        raise FileRefused("unsupported_type")  # a .docx, an .odt, a zip of something else
    if unpacked > settings.ARRIVALS_IMPORT_MAX_UNZIPPED_BYTES:
        raise FileRefused(
            "unpacked_too_large", limit=megabytes_text(settings.ARRIVALS_IMPORT_MAX_UNZIPPED_BYTES)
        )
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like: not HR's concern
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheet = workbook.worksheets[0]
                header, rows = _xlsx_rows(sheet.iter_rows())
            finally:
                workbook.close()
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on bad files
        raise FileRefused("damaged_xlsx") from exc
    return Sheet(kind="xlsx", header=header, rows=rows)


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if isinstance(value, str | int | float | bool | date | datetime):
        return value
    return str(value)  # times, errors (#N/A) and the like: as text


def _xlsx_rows(iterator: Iterator[Any]) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    header: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    limit = settings.ARRIVALS_IMPORT_MAX_ROWS
    for index, cells in enumerate(iterator, start=1):
        values = [_xlsx_cell(cell) for cell in cells]
        if not any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in values):
            continue
        number = next((c.row for c in cells if getattr(c, "row", None)), index)
        if header is None:
            header = ["" if v is None else str(v.text if isinstance(v, Formula) else v) for v in values]
            continue
        if len(rows) >= limit:
            raise FileRefused("too_many_rows", limit=limit)
        rows.append((number, values))
    if header is None:
        raise FileRefused("file_empty")
    return header, rows
