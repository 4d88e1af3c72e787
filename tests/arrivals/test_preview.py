"""Uploading a file: the preview shows every row with its errors, and writes nothing else.
Broken files are refused as a whole with the reason, in the reader's language."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.arrivals.conftest import upload
from tests.arrivals.files import HEADER, as_csv, as_xlsx, people, person
from welkom.accounts.models import Invitation, User
from welkom.arrivals.models import ArrivalImport
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db


def rows_of(client, import_id: int, **query) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/arrivals/imports/{import_id}/rows", {"page_size": 100, **query})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def errors_of(row: dict) -> dict[str, str]:
    return {error["column"]: error["code"] for error in row["errors"]}


def test_a_good_file_is_previewed_and_nothing_is_written(client_factory, org_a, content):
    hr = client_factory(org_a["hr"])
    users_before = User.objects.count()
    response = upload(hr, as_csv(people(3)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["row_count"], body["error_row_count"]) == ("preview", 3, 0)
    assert body["encoding"] == "utf-8"
    assert body["columns"] == [
        "full_name",
        "email",
        "phone",
        "languages",
        "country",
        "arrival_on",
        "first_day_on",
        "team",
        "municipality",
        "housing",
        "route",
    ]
    rows = rows_of(hr, body["id"])
    assert [row["number"] for row in rows] == [2, 3, 4]  # as the spreadsheet numbers them
    assert rows[0]["values"]["full_name"] == "Łukasz Wójcik 1"
    assert all(row["errors"] == [] for row in rows)
    assert User.objects.count() == users_before
    assert not NewcomerProfile.objects.filter(user__email__startswith="arrival").exists()
    assert not Invitation.objects.filter(email__startswith="arrival").exists()


def test_every_row_shows_its_errors_by_column(client_factory, org_a, content):
    bad = [
        person(1, **{"E-mail": "not-an-address"}),
        person(2, Phone="call me"),
        person(3, Languages="polish"),
        person(4, Country="Poland"),
        person(5, Team="Nowhere"),
        person(6, Housing="castle"),
        person(7, Route="no-such-journey"),
        person(8, Name=""),
        person(9, Arrival="2026-11-09", **{"First day": "2026-11-02"}),
        person(10, Arrival=""),
    ]
    hr = client_factory(org_a["hr"])
    body = upload(hr, as_csv(bad)).json()
    assert body["error_row_count"] == 10
    found = {row["number"]: errors_of(row) for row in rows_of(hr, body["id"])}
    assert found == {
        2: {"email": "email_invalid"},
        3: {"phone": "phone_invalid"},
        4: {"languages": "language_unknown"},
        5: {"country": "country_invalid"},
        6: {"team": "team_unknown"},
        7: {"housing": "choice_invalid"},
        8: {"route": "route_unknown"},
        9: {"full_name": "required"},
        10: {"first_day_on": "first_day_before_arrival"},
        11: {"arrival_on": "required"},
    }
    only_errors = rows_of(hr, body["id"], errors="true")
    assert len(only_errors) == 10
    message = only_errors[4]["errors"][0]["message"]
    assert message == "There is no team called “Nowhere” in your organisation."


def test_errors_are_in_the_readers_language(client_factory, org_a, content):
    org_a["hr"].language = "nl"
    org_a["hr"].save()
    hr = client_factory(org_a["hr"])
    body = upload(hr, as_csv([person(1, Team="Nergens")])).json()
    [row] = rows_of(hr, body["id"])
    assert row["errors"][0]["message"] == "Er is geen team met de naam “Nergens” in je organisatie."
    org_a["hr"].language = "pl"
    org_a["hr"].save()
    [row] = rows_of(hr, body["id"])  # the same stored row, read in another language
    assert row["errors"][0]["message"] == "W Twojej organizacji nie ma zespołu o nazwie „Nergens”."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-02", "2026-11-02"),  # ISO
        ("02-11-2026", None),  # ambiguous: 2 November or 11 February
        ("02/11/2026", None),
        ("13-11-2026", "2026-11-13"),  # the day can only be 13
        ("13/11/2026", "2026-11-13"),
        ("05/05/2026", "2026-05-05"),  # the same either way
        ("11/13/2026", "error"),  # month-first: no month 13
        ("2026-02-30", "error"),
        ("2 nov 2026", "error"),
        ("1926-11-02", "error"),  # not an arrival date
    ],
)
def test_dates_in_three_formats_and_ambiguous_ones_refused(client_factory, org_a, content, text, expected):
    hr = client_factory(org_a["hr"])
    body = upload(hr, as_csv([person(1, Arrival=text, **{"First day": ""})])).json()
    [row] = rows_of(hr, body["id"])
    if expected is None:
        assert errors_of(row) == {"arrival_on": "date_ambiguous"}
        assert "2026-11-02" in row["errors"][0]["message"]
        assert "2026-02-11" in row["errors"][0]["message"]
    elif expected == "error":
        assert errors_of(row)["arrival_on"] in ("date_invalid", "date_out_of_range")
    else:
        assert row["errors"] == []
        from welkom.arrivals.models import ArrivalImportRow

        assert ArrivalImportRow.objects.get(pk=row["id"]).data["arrival_on"] == expected


def test_same_email_twice_in_the_file_is_shown_on_both_rows(client_factory, org_a, content):
    hr = client_factory(org_a["hr"])
    rows = [person(1), person(2), person(3, **{"E-mail": "ARRIVAL1@example.test"})]
    body = upload(hr, as_csv(rows)).json()
    found = {row["number"]: row["errors"] for row in rows_of(hr, body["id"])}
    assert [e["code"] for e in found[2]] == ["email_twice"]
    assert found[2][0]["message"] == "The same e-mail address is also in row 4."
    assert found[3] == []
    assert [e["code"] for e in found[4]] == ["email_twice"]


def test_someone_already_in_the_organisation_is_a_duplicate(client_factory, org_a, org_b, content):
    hr = client_factory(org_a["hr"])
    colleague = org_a["colleague"].email
    other_org = org_b["newcomer"].email  # exists, but in another organisation
    rows = [person(1, **{"E-mail": colleague}), person(2, **{"E-mail": other_org})]
    body = upload(hr, as_csv(rows)).json()
    found = {row["number"]: errors_of(row) for row in rows_of(hr, body["id"])}
    assert found[2] == {"email": "email_exists"}
    # The preview says nothing about another organisation's people.
    assert found[3] == {}


def test_formulas_are_refused_and_never_evaluated(client_factory, org_a, content):
    hr = client_factory(org_a["hr"])
    rows = [
        person(1, Name='=HYPERLINK("http://evil.test","Click")'),
        person(2, Team="@SUM(A1)"),
        person(3, Name="-2+3"),
        person(4, Phone="+48 600 123 456"),  # a phone number starting with + is data, not a formula
    ]
    body = upload(hr, as_csv(rows)).json()
    found = {row["number"]: errors_of(row) for row in rows_of(hr, body["id"])}
    assert found == {2: {"full_name": "formula"}, 3: {"team": "formula"}, 4: {"full_name": "formula"}, 5: {}}

    book = as_xlsx([person(1), person(2)])
    # A real formula cell in the workbook: openpyxl hands it on as a formula, Welkom refuses it.
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(book))
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"] = '=CONCAT("Ma", "ria")'
    out = io.BytesIO()
    workbook.save(out)
    body = upload(hr, out.getvalue(), "arrivals.xlsx").json()
    found = {row["number"]: row for row in rows_of(hr, body["id"])}
    assert errors_of(found[3]) == {"full_name": "formula"}
    assert found[3]["values"]["full_name"] == '=CONCAT("Ma", "ria")'  # shown as text, not computed
    assert errors_of(found[2]) == {}


def test_an_xlsx_file_with_date_cells_and_number_phones(client_factory, org_a, content):
    from datetime import date

    hr = client_factory(org_a["hr"])
    rows = [person(1, Arrival=date(2026, 11, 3), **{"First day": date(2026, 11, 10)}, Phone=31612345678)]
    body = upload(hr, as_xlsx(rows), "arrivals.xlsx").json()
    assert body["file_kind"] == "xlsx"
    [row] = rows_of(hr, body["id"])
    assert row["errors"] == []
    assert row["values"]["arrival_on"] == "2026-11-03"
    assert row["values"]["phone"] == "31612345678"


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859_2", "utf-16"])
def test_excel_csv_exports_in_other_encodings_keep_polish_and_romanian_names(
    client_factory, org_a, content, encoding
):
    names = ["Łukasz Wójcik", "Małgorzata Żółkiewska", "Grzegorz Brzęczyszczykiewicz", "Ştefan Ţurcanu"]
    rows = [person(i, Name=name) for i, name in enumerate(names, start=1)]
    hr = client_factory(org_a["hr"])
    response = upload(hr, as_csv(rows, delimiter=";", encoding=encoding))
    assert response.status_code == 201, response.content
    body = response.json()
    assert [row["values"]["full_name"] for row in rows_of(hr, body["id"])] == names
    assert body["error_row_count"] == 0


def test_hr_can_say_which_encoding_a_file_has(client_factory, org_a, content):
    hr = client_factory(org_a["hr"])
    data = as_csv([person(1, Name="Wójcik")], encoding="cp1252")
    body = upload(hr, data, encoding="cp1252").json()
    assert body["encoding"] == "cp1252"
    assert rows_of(hr, body["id"])[0]["values"]["full_name"] == "Wójcik"
    response = upload(hr, as_csv([person(1)], encoding="utf-16"), encoding="ascii")
    assert response.status_code == 400
    assert response.json()["code"] == "arrivals_encoding_wrong"


def _refusal(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["fields"]["file"] == [body["detail"]]
    return body["code"], body["detail"]


def test_missing_columns_are_named(client_factory, org_a, content):
    hr = client_factory(org_a["hr"])
    header = [h for h in HEADER if h not in ("E-mail", "Arrival")]
    code, detail = _refusal(upload(hr, as_csv(people(2), header=header)))
    assert code == "arrivals_columns_missing"
    assert detail == "Columns missing: e-mail, arrival. The first row must name the columns."
    # Without a route column, a journey chosen for every row is enough.
    header = [h for h in HEADER if h != "Route"]
    code, _ = _refusal(upload(hr, as_csv(people(2), header=header)))
    assert code == "arrivals_columns_missing"
    response = upload(hr, as_csv(people(2), header=header), route="ict-kennismigrant")
    assert response.status_code == 201, response.content
    assert response.json()["error_row_count"] == 0


def test_a_refusal_is_in_the_readers_language(client_factory, org_a, content):
    org_a["hr"].language = "nl"
    org_a["hr"].save()
    header = [h for h in HEADER if h != "E-mail"]
    _, detail = _refusal(upload(client_factory(org_a["hr"]), as_csv(people(1), header=header)))
    assert detail == "Kolommen ontbreken: e-mail. De eerste rij moet de kolommen noemen."


def test_too_many_rows_and_too_large_files_are_refused(client_factory, org_a, content, settings):
    hr = client_factory(org_a["hr"])
    settings.ARRIVALS_IMPORT_MAX_ROWS = 10
    code, detail = _refusal(upload(hr, as_csv(people(11))))
    assert code == "arrivals_too_many_rows"
    assert "10" in detail
    assert upload(hr, as_csv(people(10))).status_code == 201
    settings.ARRIVALS_IMPORT_MAX_BYTES = 1024
    code, detail = _refusal(upload(hr, as_csv(people(10))))
    assert code == "arrivals_file_too_large"
    assert detail.startswith("The file is larger than ")


def test_a_large_upload_is_not_read_past_the_limit(client_factory, org_a, content, settings, monkeypatch):
    """The upload stops at the limit: Django's own handler (which writes big uploads to a temporary
    file) never gets the rest of a 2 MB file."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    received: list[int] = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):  # type: ignore[no-untyped-def]
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    settings.ARRIVALS_IMPORT_MAX_BYTES = 128 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # bigger uploads go to a temporary file
    data = as_csv(people(3)) + b"x" * (2 * 1024 * 1024)
    code, _ = _refusal(upload(client_factory(org_a["hr"]), data))
    assert code == "arrivals_file_too_large"
    assert 0 < sum(received) <= 128 * 1024


def test_an_xlsx_that_unpacks_to_too_much_is_refused(client_factory, org_a, content, settings):
    settings.ARRIVALS_IMPORT_MAX_UNZIPPED_BYTES = 100_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 1_000_000 + "</a>")
    code, _ = _refusal(upload(client_factory(org_a["hr"]), out.getvalue(), "arrivals.xlsx"))
    assert code == "arrivals_unpacked_too_large"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "arrivals.csv", "arrivals_unsupported_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "arrivals.xlsx", "arrivals_unsupported_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "arrivals.xls", "arrivals_old_excel"),
        (b"", "arrivals.csv", "arrivals_file_empty"),
        (b"Name,E-mail,Arrival,Route\n", "arrivals.csv", "arrivals_no_rows"),
        (b"PK\x03\x04broken zip", "arrivals.xlsx", "arrivals_unsupported_type"),
    ],
)
def test_files_that_are_not_a_list_of_arrivals(client_factory, org_a, content, data, name, code):
    assert _refusal(upload(client_factory(org_a["hr"]), data, name))[0] == code
    assert not ArrivalImport.objects.exists()


def test_a_word_document_is_not_an_excel_file(client_factory, org_a, content):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    code, _ = _refusal(upload(client_factory(org_a["hr"]), out.getvalue(), "arrivals.docx"))
    assert code == "arrivals_unsupported_type"


def test_a_preview_of_another_organisation_is_not_found(client_factory, org_a, org_b, content):
    body = upload(client_factory(org_a["hr"]), as_csv(people(1))).json()
    other = client_factory(org_b["hr"])
    assert other.get(f"/api/arrivals/imports/{body['id']}").status_code == 404
    assert other.get(f"/api/arrivals/imports/{body['id']}/rows").status_code == 404
    assert other.post(f"/api/arrivals/imports/{body['id']}/confirm", {}, format="json").status_code == 404
    assert client_factory(org_a["team_lead"]).get("/api/arrivals/imports").status_code == 403
