"""Every reason an arrivals file or one of its rows is refused, as a code with parameters.

Rows store codes and parameters, not sentences, so each reader sees the reasons in their own
language (Django gettext, catalogs under translations/server/), also when they read the preview
later in another language than the person who uploaded the file."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop, override

from welkom.accounts.models import User
from welkom.core.language import person_language

# Row errors (row, column, reason).
ROW_MESSAGES: dict[str, str] = {
    "required": gettext_noop("This column is empty, but it is needed."),
    "too_long": gettext_noop("Too long: at most %(limit)s characters."),
    "control_characters": gettext_noop("Contains line breaks or other invisible characters."),
    "formula": gettext_noop(
        "Looks like a spreadsheet formula (starts with %(start)s). Welkom does not run formulas: "
        "type the value itself."
    ),
    "email_invalid": gettext_noop("“%(value)s” is not a valid e-mail address."),
    "email_twice": gettext_noop("The same e-mail address is also in row %(other)s."),
    "email_exists": gettext_noop(
        "Someone with this e-mail address is already in Welkom. Change them on their profile, not here."
    ),
    "phone_invalid": gettext_noop(
        "“%(value)s” is not a phone number. Use digits, spaces and a leading +, e.g. +48 600 123 456."
    ),
    "language_unknown": gettext_noop(
        "“%(value)s” is not a language code. Use two-letter codes separated by commas, e.g. pl, en."
    ),
    "country_invalid": gettext_noop("“%(value)s” is not a two-letter country code, e.g. PL or RO."),
    "date_invalid": gettext_noop(
        "“%(value)s” is not a date. Write dates as 2026-01-31, 31-01-2026 or 31/01/2026."
    ),
    "date_ambiguous": gettext_noop(
        "“%(value)s” could be %(first)s or %(second)s. Write it as year-month-day, e.g. %(example)s."
    ),
    "date_out_of_range": gettext_noop("“%(value)s” is too far from today to be an arrival date."),
    "first_day_before_arrival": gettext_noop("The first working day is before the arrival."),
    "team_unknown": gettext_noop("There is no team called “%(value)s” in your organisation."),
    "municipality_invalid": gettext_noop("“%(value)s” is not a municipality name."),
    "choice_invalid": gettext_noop("“%(value)s” is not one of: %(choices)s."),
    "route_unknown": gettext_noop("There is no journey called “%(value)s”. Choose one of: %(choices)s."),
    "route_missing": gettext_noop("No journey: fill in this column or choose a journey for every row."),
    "yes_no_invalid": gettext_noop("“%(value)s” is not yes or no."),
}

# Errors about the whole file (HTTP 400 on upload; nothing is stored).
FILE_MESSAGES: dict[str, str] = {
    "file_empty": gettext_noop("The file is empty."),
    "file_too_large": gettext_noop("The file is larger than %(limit)s MB. Split it into smaller files."),
    "too_many_rows": gettext_noop(
        "The file has more than %(limit)s rows. Split it into files of at most %(limit)s rows."
    ),
    "no_rows": gettext_noop("The file has a header row but no arrivals below it."),
    "unsupported_type": gettext_noop(
        "This is not a CSV or Excel (.xlsx) file. Save the list as CSV or .xlsx and upload that."
    ),
    "old_excel": gettext_noop(
        "This is an old Excel file (.xls) or a file protected with a password. "
        "Save it as .xlsx without a password, or as CSV."
    ),
    "damaged_xlsx": gettext_noop("This Excel file cannot be read; it may be damaged. Save it again."),
    "unpacked_too_large": gettext_noop("This Excel file unpacks to more than %(limit)s MB."),
    "encoding_unknown": gettext_noop(
        "The text of this file cannot be read. Save it as “CSV UTF-8” in your spreadsheet program."
    ),
    "encoding_wrong": gettext_noop("The file cannot be read as %(encoding)s. Choose another encoding."),
    "encoding_unsupported": gettext_noop("%(encoding)s is not an encoding Welkom knows."),
    "columns_missing": gettext_noop("Columns missing: %(columns)s. The first row must name the columns."),
    "column_twice": gettext_noop("The column %(column)s appears twice."),
    "route_unknown": gettext_noop("There is no journey called “%(value)s”."),
}

# Why a confirmed import failed (nothing was written).
RUN_MESSAGES: dict[str, str] = {
    "row_failed": gettext_noop("Row %(row)s could not be imported: %(reason)s Nothing was written."),
    "row_exists": gettext_noop("someone with this e-mail address was added to Welkom after the preview."),
    "row_not_invitable": gettext_noop(
        "this e-mail address cannot be used for a new account; ask the person for another address."
    ),
    "row_invalid": gettext_noop("a value is no longer valid (%(fields)s)."),
    "crashed": gettext_noop("Something went wrong on our side. Nothing was written; try again later."),
    "has_errors": gettext_noop(
        "%(count)s rows have errors. Correct the file, or choose to leave those rows out."
    ),
    "not_in_preview": gettext_noop("This import was already confirmed."),
    "nothing_to_import": gettext_noop("There is no row without errors to import."),
}

# Column names as readers see them in messages (the screen has its own labels in translations/ui).
COLUMN_LABELS: dict[str, str] = {
    "full_name": gettext_noop("name"),
    "email": gettext_noop("e-mail"),
    "phone": gettext_noop("phone"),
    "languages": gettext_noop("languages"),
    "country": gettext_noop("country"),
    "arrival_on": gettext_noop("arrival"),
    "first_day_on": gettext_noop("first working day"),
    "team": gettext_noop("team"),
    "municipality": gettext_noop("municipality"),
    "housing": gettext_noop("housing"),
    "route": gettext_noop("journey"),
    "permit_type": gettext_noop("permit"),
    "short_stay": gettext_noop("short stay"),
    "file": gettext_noop("file"),
}


def render(catalog: dict[str, str], code: str, params: dict[str, Any] | None = None) -> str:
    """The message for ``code`` in the active language. Column names in ``columns`` are translated."""
    params = dict(params or {})
    if "columns" in params and isinstance(params["columns"], list):
        params["columns"] = ", ".join(gettext(COLUMN_LABELS.get(str(c), str(c))) for c in params["columns"])
    if "column" in params:
        params["column"] = gettext(COLUMN_LABELS.get(params["column"], params["column"]))
    if "reason" in params and isinstance(params["reason"], dict):
        params["reason"] = render(RUN_MESSAGES, params["reason"]["code"], params["reason"].get("params"))
    text = catalog.get(code)
    if text is None:
        return code
    return gettext(text) % params if params else gettext(text)


def render_for(user: User, catalog: dict[str, str], code: str, params: dict[str, Any] | None = None) -> str:
    with override(person_language(user)):
        return render(catalog, code, params)
