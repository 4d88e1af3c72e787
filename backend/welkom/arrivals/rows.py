"""Checking the rows of an arrivals file: which column is which, and what is wrong in each cell.

Pure functions over a :class:`files.Sheet` and a :class:`Context` (the organisation's teams, the
journeys, the e-mail addresses already in the organisation), so the checks are the same in the
preview and in tests, and cost no query per row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from welkom.arrivals.files import Cell, FileRefused, Formula, Sheet
from welkom.core.countries import is_country_code
from welkom.newcomers.models import PermitType, Tenure
from welkom.newcomers.services import PHONE

# Canonical column -> the headers that mean it (compared without case, spaces or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "fullname", "naam", "volledige naam"),
    "email": ("email", "e-mail", "email address", "e-mailadres", "emailadres", "mail"),
    "phone": ("phone", "phone number", "telephone", "mobile", "telefoon", "telefoonnummer", "mobiel"),
    "languages": ("language", "languages", "language(s)", "taal", "talen"),
    "country": ("country", "home country", "land", "herkomstland"),
    "arrival_on": ("arrival", "arrival date", "arrival on", "arrives", "aankomst", "aankomstdatum"),
    "first_day_on": (
        "first day",
        "first working day",
        "first day on",
        "start date",
        "eerste werkdag",
        "startdatum",
    ),
    "team": ("team", "afdeling"),
    "municipality": ("municipality", "gemeente"),
    "housing": ("housing", "tenure", "huisvesting", "wonen"),
    "route": ("route", "journey", "journey template", "traject", "reis"),
    "permit_type": ("permit", "permit type", "verblijfsvergunning", "vergunning"),
    "short_stay": ("short stay", "kort verblijf"),
}
REQUIRED = ("full_name", "email", "arrival_on")
TEXT_LIMITS = {"full_name": 200, "email": 254, "team": 120, "municipality": 80, "phone": 32}
HOUSING = {
    **{value: value for value in Tenure.values},
    "tijdelijk": Tenure.TEMPORARY,
    "huur": Tenure.RENTING,
    "huren": Tenure.RENTING,
    "rent": Tenure.RENTING,
    "koop": Tenure.BUYING,
    "kopen": Tenure.BUYING,
    "buy": Tenure.BUYING,
    "onbekend": Tenure.UNDECIDED,
}
YES = {"yes", "y", "ja", "j", "true", "1", "x", "tak", "da"}
NO = {"no", "n", "nee", "false", "0", "", "nie", "nu", "ne"}
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")
FORMULA_START = ("=", "+", "-", "@")


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", text).casefold())


ALIASES = {header_key(alias): column for column, aliases in COLUMNS.items() for alias in (column, *aliases)}


@dataclass
class Context:
    """What the checks need to know about the organisation, loaded once per file."""

    teams: dict[str, int]  # lower-case name -> id
    routes: list[str]  # journey template slugs that can be chosen
    existing_emails: set[str]  # addresses of people already in this organisation
    languages: frozenset[str]
    today: date
    default_route: str = ""


@dataclass
class Row:
    number: int
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    email: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, column: str, code: str, **params: Any) -> None:
        self.errors.append({"column": column, "code": code, "params": params})


@dataclass
class Checked:
    columns: list[str]
    ignored: list[str]
    rows: list[Row]


def map_columns(header: list[str], *, default_route: str = "") -> tuple[list[str | None], list[str]]:
    """For each header cell its canonical column (None: ignored), and the ignored headers."""
    mapped: list[str | None] = []
    ignored: list[str] = []
    seen: set[str] = set()
    for text in header:
        column = ALIASES.get(header_key(text or ""))
        if column is not None and column in seen:
            raise FileRefused("column_twice", column=column)
        if column is None and (text or "").strip():
            ignored.append(text.strip()[:80])
        mapped.append(column)
        if column:
            seen.add(column)
    required = [*REQUIRED, *([] if default_route else ["route"])]
    missing = [c for c in required if c not in seen]
    if missing:
        raise FileRefused("columns_missing", columns=missing)
    return mapped, ignored


def check(sheet: Sheet, context: Context) -> Checked:
    if not sheet.rows:
        raise FileRefused("no_rows")
    mapped, ignored = map_columns(sheet.header, default_route=context.default_route)
    rows = [_check_row(number, cells, mapped, context) for number, cells in sheet.rows]
    _mark_duplicates(rows)
    return Checked(columns=[c for c in mapped if c], ignored=ignored, rows=rows)


def _display(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Formula):
        return cell.text
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _check_row(number: int, cells: list[Cell], mapped: list[str | None], context: Context) -> Row:
    raw: dict[str, Cell] = {}
    for column, cell in zip(mapped, cells, strict=False):
        if column:
            raw[column] = cell
    row = Row(number=number, values={c: _display(v)[:300] for c, v in raw.items()})
    for column, cell in raw.items():
        text = row.values[column]
        if isinstance(cell, Formula) or (
            isinstance(cell, str) and text[:1] in FORMULA_START and not _plain_value(column, text)
        ):
            row.error(column, "formula", start=text[:1])
        elif any(unicodedata.category(ch) == "Cc" for ch in text):
            row.error(column, "control_characters")
        elif column in TEXT_LIMITS and len(text) > TEXT_LIMITS[column]:
            row.error(column, "too_long", limit=TEXT_LIMITS[column])
    refused = {e["column"] for e in row.errors}

    def value(column: str) -> str:
        return "" if column in refused else row.values.get(column, "")

    name = value("full_name")
    if not name and "full_name" not in refused:
        row.error("full_name", "required")
    row.data["full_name"] = name

    email = value("email").lower()
    if not email:
        if "email" not in refused:
            row.error("email", "required")
    else:
        try:
            validate_email(email)
            row.email = email
        except ValidationError:
            row.error("email", "email_invalid", value=value("email"))
    row.data["email"] = email
    if row.email and row.email in context.existing_emails:
        row.error("email", "email_exists")

    phone = value("phone")
    if phone:
        if PHONE.match(phone) and sum(ch.isdigit() for ch in phone) >= 6:
            row.data["phone"] = " ".join(phone.split())
        else:
            row.error("phone", "phone_invalid", value=phone)

    languages = [part.strip().lower() for part in re.split(r"[,;/ ]+", value("languages")) if part.strip()]
    unknown = [code for code in languages if code not in context.languages]
    if unknown:
        row.error("languages", "language_unknown", value=unknown[0])
    elif languages:
        row.data["languages_spoken"] = list(dict.fromkeys(languages))
        row.data["preferred_language"] = languages[0]

    country = value("country")
    if country:
        if is_country_code(country):
            row.data["home_country"] = country.upper()
        else:
            row.error("country", "country_invalid", value=country)

    for column in ("arrival_on", "first_day_on"):
        if column in refused:
            continue
        cell = raw.get(column)
        if cell in (None, ""):
            if column == "arrival_on":
                row.error(column, "required")
            continue
        parsed = _date(cell, row, column, context.today)
        if parsed is not None:
            row.data[column] = parsed.isoformat()
    arrival, first_day = row.data.get("arrival_on"), row.data.get("first_day_on")
    if arrival and first_day and first_day < arrival:
        row.error("first_day_on", "first_day_before_arrival")

    team = value("team")
    if team:
        team_id = context.teams.get(team.casefold())
        if team_id is None:
            row.error("team", "team_unknown", value=team)
        else:
            row.data["team"] = team_id

    municipality = value("municipality")
    if municipality:
        slug = slugify(municipality)
        if slug:
            row.data["municipality"] = slug
        else:
            row.error("municipality", "municipality_invalid", value=municipality)

    housing = value("housing")
    if housing:
        tenure = HOUSING.get(housing.casefold())
        if tenure is None:
            row.error("housing", "choice_invalid", value=housing, choices=", ".join(Tenure.values))
        else:
            row.data["tenure"] = str(tenure)

    permit = value("permit_type")
    if permit:
        if permit.casefold() in PermitType.values:
            row.data["permit_type"] = permit.casefold()
        else:
            row.error("permit_type", "choice_invalid", value=permit, choices=", ".join(PermitType.values))

    if "short_stay" in raw and "short_stay" not in refused:
        answer = value("short_stay").casefold()
        if answer in YES:
            row.data["stays_longer_than_4_months"] = False
        elif answer in NO:
            row.data["stays_longer_than_4_months"] = True
        else:
            row.error("short_stay", "yes_no_invalid", value=value("short_stay"))

    route = value("route") or ("" if "route" in refused else context.default_route)
    if not route:
        if "route" not in refused:
            row.error("route", "route_missing")
    elif route.casefold() in context.routes:
        row.data["route"] = route.casefold()
    else:
        row.error("route", "route_unknown", value=route, choices=", ".join(context.routes))
    return row


def _plain_value(column: str, text: str) -> bool:
    """A value that starts like a formula but is ordinary data: a phone number (+48 …)."""
    return column == "phone" and bool(PHONE.match(text)) and text.startswith("+")


def _date(cell: Cell, row: Row, column: str, today: date) -> date | None:
    """ISO, day-month-year with - / or . between the parts, or a real date cell (Excel)."""
    parsed: date | None = None
    if isinstance(cell, datetime):
        parsed = cell.date()
    elif isinstance(cell, date):
        parsed = cell
    elif isinstance(cell, str):
        text = cell.strip()
        try:
            if match := DATE_ISO.match(text):
                parsed = date(int(match[1]), int(match[2]), int(match[3]))
            elif match := DATE_DMY.match(text):
                first, second, year = int(match[1]), int(match[3]), int(match[4])
                if first <= 12 and second <= 12 and first != second:
                    as_dmy, as_mdy = date(year, second, first), date(year, first, second)
                    row.error(
                        column,
                        "date_ambiguous",
                        value=text,
                        first=as_dmy.isoformat(),
                        second=as_mdy.isoformat(),
                        example=as_dmy.isoformat(),
                    )
                    return None
                parsed = date(year, second, first)
        except ValueError:
            parsed = None
    if parsed is None:
        row.error(column, "date_invalid", value=_display(cell))
        return None
    if abs((parsed - today).days) > 3 * 366:
        row.error(column, "date_out_of_range", value=_display(cell))
        return None
    return parsed


def _mark_duplicates(rows: list[Row]) -> None:
    numbers: dict[str, list[int]] = {}
    for row in rows:
        if row.email:
            numbers.setdefault(row.email, []).append(row.number)
    for row in rows:
        if row.email and len(numbers[row.email]) > 1:
            others = [n for n in numbers[row.email] if n != row.number]
            row.error("email", "email_twice", other=", ".join(str(n) for n in others))
