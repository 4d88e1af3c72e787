"""Arrivals files as HR's spreadsheet programs write them: CSV in several encodings and .xlsx."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

HEADER = [
    "Name", "E-mail", "Phone", "Languages", "Country", "Arrival", "First day", "Team", "Municipality",
    "Housing", "Route",
]  # fmt: skip
ARRIVAL = date(2026, 11, 2)  # a Monday


def person(number: int, **changes: Any) -> dict[str, Any]:
    row = {
        "Name": f"Łukasz Wójcik {number}",
        "E-mail": f"arrival{number}@example.test",
        "Phone": f"+48 600 {number:06d}",
        "Languages": "pl, en",
        "Country": "PL",
        "Arrival": ARRIVAL.isoformat(),
        "First day": (ARRIVAL + timedelta(days=7)).isoformat(),
        "Team": "Platform",
        "Municipality": "Eindhoven",
        "Housing": "temporary",
        "Route": "ict-kennismigrant",
    }
    row.update(changes)
    return row


def people(count: int, **changes: Any) -> list[dict[str, Any]]:
    return [person(number, **changes) for number in range(1, count + 1)]


def as_csv(
    rows: list[dict[str, Any]], *, header: list[str] = HEADER, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue().encode(encoding)


def as_xlsx(rows: list[dict[str, Any]], *, header: list[str] = HEADER) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
