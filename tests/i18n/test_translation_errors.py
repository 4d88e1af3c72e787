"""The translation app's errors are in the reader's language: an admin uploading a language package
reads why it is refused in their own language, a person on the translate page (or an API-key client
sending Accept-Language) reads which package is missing in theirs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.i18n.test_api_errors import _speaking
from welkom.translation import packages

pytestmark = pytest.mark.django_db


def _not_a_zip(folder: Path) -> Path:
    path = folder / "bad.argosmodel"
    path.write_text("nope")
    return path


def _no_metadata(folder: Path) -> Path:
    path = folder / "empty.argosmodel"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/README.md", "nothing")
    return path


REFUSED = {
    "not a zip": (
        _not_a_zip,
        {
            "en": "bad.argosmodel is not an Argos package (not a zip file).",
            "nl": "bad.argosmodel is geen Argos-pakket (geen zipbestand).",
        },
    ),
    "no metadata": (
        _no_metadata,
        {
            "en": "The package has no metadata.json: is it an Argos .argosmodel file?",
            "nl": "Het pakket heeft geen metadata.json: is het wel een Argos-bestand (.argosmodel)?",
        },
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_package_upload_says_why_in_the_admins_language(
    client_factory, org_a, packages_dir, tmp_path, case, language
):
    make, reasons = REFUSED[case]
    admin = client_factory(_speaking(org_a["admin"], language))
    with make(tmp_path).open("rb") as handle:
        response = admin.post("/api/translation/packages", {"file": handle}, format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["fields"] == {"file": [reasons[language]]}
    assert body["detail"] == reasons[language]
    assert packages.installed_packages() == []


MISSING = {
    "en": "No translation from pl to nl: install the pl→en (or pl→nl) package.",
    "nl": "Geen vertaling van pl naar nl: installeer het pakket pl→en (of pl→nl).",
}


@pytest.fixture
def english_to_polish_and_dutch(packages_dir, package_files) -> None:
    """en→pl and en→nl only: Polish reaches nothing (its half to English is missing)."""
    packages.install_package(package_files["en-pl"])
    packages.install_package(package_files["en-nl"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_pair_without_a_route_is_named_in_the_readers_language(
    client_factory, org_a, english_to_polish_and_dutch, language
):
    """The translate page (a team lead's session) posts LibreTranslate's /translate."""
    lead = client_factory(_speaking(org_a["team_lead"], language))
    response = lead.post("/translate", {"q": "Dzień dobry", "source": "pl", "target": "nl"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"error": MISSING[language]}


@pytest.mark.parametrize(("accept", "language"), [("nl,en;q=0.5", "nl"), (None, "en")])
def test_an_api_key_client_reads_the_missing_pair_in_its_accept_language(
    api, org_a, english_to_polish_and_dutch, accept, language
):
    from welkom.translation import services

    _, key = services.api_key_create(organisation=org_a.organisation, name="bot", created_by=org_a["hr"])
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    body = {"q": "Dzień dobry", "source": "pl", "target": "nl", "api_key": key}
    response = api.post("/translate", body, format="json", **headers)
    assert response.status_code == 400, response.content
    assert response.json() == {"error": MISSING[language]}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Kies de taal waarvoor deze vertaling is."),
        ("en", "Choose the language this translation is for."),
    ],
)
def test_a_glossary_translation_without_a_language_is_refused_in_the_readers_language(
    client_factory, org_a, language, message
):
    hr = client_factory(_speaking(org_a["hr"], language))
    response = hr.post(
        "/api/translation/glossary", {"term": "BSN", "translation": "burgerservicenummer"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"target_language": [message]}
