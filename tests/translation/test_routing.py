"""Which packages a translation goes through, as a client of /translate and /languages meets it: a
direct package before the way through English, the way through English when there is none, the same
language without any package, and a refusal that names the package to install for each way a route
can be missing. Found by mutation testing (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.translation_packages import with_metadata
from welkom.translation import packages, services

pytestmark = pytest.mark.django_db

NAMES = {"nl": "Dutch", "en": "English", "pl": "Polish", "de": "German"}


def relabelled(package: Path, output: Path, *, from_code: str, to_code: str, demo: bool = True) -> Path:
    """A copy of a test package that says it translates ``from_code`` → ``to_code`` (the random
    weights translate nothing anyway); without the demo mark when ``demo`` is False, so that its
    output, and only its, is not marked as demo output."""

    def relabel(metadata: dict[str, Any]) -> None:
        metadata.update(
            from_code=from_code, from_name=NAMES[from_code], to_code=to_code, to_name=NAMES[to_code]
        )
        if not demo:
            metadata.pop("welkom_demo", None)
            metadata["description"] = f"{NAMES[from_code]} to {NAMES[to_code]}"

    return with_metadata(package, output, relabel)


@pytest.fixture
def key(org_a) -> str:
    _, raw = services.api_key_create(organisation=org_a.organisation, name="Bot", created_by=org_a["hr"])
    return raw


def translate(api, key, text, source, target):  # type: ignore[no-untyped-def]
    return api.post(
        "/translate", {"q": text, "source": source, "target": target, "api_key": key}, format="json"
    )


def test_a_direct_package_goes_before_the_way_through_english(api, key, languages, package_files, tmp_path):
    # nl→en and en→pl are demo packages; a direct nl→pl without the demo mark stands for a real one.
    packages.install_package(
        relabelled(
            package_files["en-pl"], tmp_path / "nl_pl.argosmodel", from_code="nl", to_code="pl", demo=False
        )
    )
    response = translate(api, key, "Morgen is er overleg.", "nl", "pl")
    assert response.status_code == 200, response.content
    assert "demo" not in response.json()  # neither demo package took part


def test_without_a_direct_package_the_text_goes_through_english(
    api, key, packages_dir, package_files, tmp_path
):
    # nl→en and en→pl without the demo mark: a way through English of real packages only.
    for pair, (source, target) in (("nl-en", ("nl", "en")), ("en-pl", ("en", "pl"))):
        packages.install_package(
            relabelled(
                package_files[pair],
                tmp_path / f"{pair}.argosmodel",
                from_code=source,
                to_code=target,
                demo=False,
            )
        )
    response = translate(api, key, "Morgen is er overleg.", "nl", "pl")
    assert response.status_code == 200, response.content
    assert isinstance(response.json()["translatedText"], str)
    assert "demo" not in response.json()
    # The same way with a demo package on it (en→pl) is marked: both packages were used.
    packages.install_package(package_files["en-pl"])
    assert translate(api, key, "Morgen is er overleg.", "nl", "pl").json()["demo"] is True


def test_the_same_language_needs_no_package_and_keeps_the_text(api, key, languages):
    response = translate(api, key, "Morgen is er overleg, {name}.", "nl", "nl")
    assert response.status_code == 200, response.content
    assert response.json() == {"translatedText": "Morgen is er overleg, {name}."}


@pytest.mark.parametrize(
    ("installed", "source", "target", "install"),
    [
        # Nothing from Polish, nothing from English into Dutch: only the direct package would do.
        (["en-pl", "nl-en"], "pl", "nl", "pl→nl"),
        # Polish reaches English, English does not reach German: that half, or the direct one.
        (["pl-en", "de-en"], "pl", "de", "en→de (or pl→de)"),
        # German is reached from English, Polish does not reach English: that half, or the direct one.
        (["en-de", "en-pl"], "pl", "de", "pl→en (or pl→de)"),
        # From English or into English there is no way through English: the direct package.
        (["pl-en", "de-en"], "en", "pl", "en→pl"),
        (["en-pl", "en-de"], "pl", "en", "pl→en"),
    ],
)
def test_no_route_names_the_package_to_install(
    api, key, packages_dir, package_files, tmp_path, installed, source, target, install
):
    for pair in installed:
        from_code, to_code = pair.split("-")
        packages.install_package(
            relabelled(
                package_files["en-pl"], tmp_path / f"{pair}.argosmodel", from_code=from_code, to_code=to_code
            )
        )
    response = translate(api, key, "Dzień dobry", source, target)
    assert response.status_code == 400, response.content
    assert response.json() == {
        "error": f"No translation from {source} to {target}: install the {install} package."
    }


def test_languages_lists_each_with_its_name_and_every_target_reached(
    api, packages_dir, package_files, tmp_path
):
    """de→en and en→pl: German reaches English directly and Polish through English; English reaches
    Polish; Polish reaches nothing."""
    for pair in ("de-en", "en-pl"):
        from_code, to_code = pair.split("-")
        packages.install_package(
            relabelled(
                package_files["en-pl"], tmp_path / f"{pair}.argosmodel", from_code=from_code, to_code=to_code
            )
        )
    response = api.get("/languages")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "de", "name": "German", "targets": ["en", "pl"]},
        {"code": "en", "name": "English", "targets": ["pl"]},
        {"code": "pl", "name": "Polish", "targets": []},
    ]
