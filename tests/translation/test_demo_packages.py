"""Output of a demo package (random weights, made by Welkom's package builder) is never passed off
as a translation: the package list, LibreTranslate's /translate, the chat reader and the lead's
helper say so, decided from the package's metadata (issue 17)."""

from __future__ import annotations

import pytest

from tests.translation_packages import without_demo_mark
from welkom.chat import services as chat_services
from welkom.translation import packages
from welkom.translation import services as translation_services

pytestmark = pytest.mark.django_db

WARNING = "Demo language package: this output is random. Install real language packages."


@pytest.fixture
def key(org_a) -> str:
    _, raw = translation_services.api_key_create(
        organisation=org_a.organisation, name="Bot", created_by=org_a["hr"]
    )
    return raw


@pytest.fixture
def real_nl_en(packages_dir, package_files, tmp_path) -> packages.InstalledPackage:
    return packages.install_package(without_demo_mark(package_files["nl-en"], tmp_path / "nl_en.argosmodel"))


def test_the_package_list_says_which_packages_are_demo(
    client_factory, org_a, packages_dir, package_files, tmp_path
):
    packages.install_package(package_files["en-pl"])
    packages.install_package(without_demo_mark(package_files["nl-en"], tmp_path / "nl_en.argosmodel"))
    response = client_factory(org_a["admin"]).get("/api/translation/packages")
    assert response.status_code == 200, response.content
    assert {(item["from_code"], item["to_code"]): item["demo"] for item in response.json()} == {
        ("en", "pl"): True,
        ("nl", "en"): False,
    }


def test_libretranslate_marks_demo_output_and_only_demo_output(api, languages, key, packages_dir, real_nl_en):
    # nl→en is the unmarked package; en→pl is a demo package, and nl→pl goes through both.
    plain = api.post(
        "/translate", {"q": "Hallo", "source": "nl", "target": "en", "api_key": key}, format="json"
    )
    assert plain.status_code == 200, plain.content
    assert "demo" not in plain.json()
    assert "warning" not in plain.json()

    pivot = api.post(
        "/translate", {"q": "Hallo", "source": "nl", "target": "pl", "api_key": key}, format="json"
    )
    assert pivot.status_code == 200, pivot.content
    assert pivot.json()["demo"] is True
    assert pivot.json()["warning"] == WARNING


def test_the_chat_reader_is_told_in_their_language(client_factory, org_a, settings, languages):
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    chat_services.reading_language_set(user=org_a["team_lead"], language="en")
    chat_services.reading_language_set(user=org_a["newcomer"], language="pl")
    org_a["newcomer"].language = "pl"
    org_a["newcomer"].save(update_fields=["language"])
    channel = chat_services.team_channel_sync(team=org_a.team)
    message = chat_services.message_post(
        channel=channel, author=org_a["team_lead"], body="The meeting starts at nine.", language="en"
    )
    chat_services.message_translate(message_id=message.pk)
    answer = client_factory(org_a["newcomer"]).get(f"/api/chat/channels/{channel.pk}/messages").json()
    shown = answer["messages"][0]["shown"]
    assert (shown["status"], shown["demo"]) == ("translated", True)
    assert shown["notice"] == (
        "Demonstracyjny pakiet językowy: ten wynik jest losowy. Zainstaluj prawdziwe pakiety językowe."
    )


def test_the_leads_helper_marks_demo_lines(client_factory, org_a, settings, languages):
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    response = client_factory(org_a["team_lead"]).post(
        "/api/chat/helper/preview",
        {"text": "The meeting starts at nine.", "source": "en", "targets": ["pl"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    line = response.json()["translations"][0]
    assert (line["language"], line["demo"], line["notice"]) == ("pl", True, WARNING)
    assert line["back_translation"] is None  # not from a demo package's output


def test_the_leads_helper_shows_back_translations_only_from_a_real_route(
    client_factory, org_a, settings, packages_dir, package_files, tmp_path
):
    """en→nl and nl→en without the demo mark stand for real packages; en→pl is a demo package
    and nothing translates pl back."""
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    packages.install_package(without_demo_mark(package_files["en-nl"], tmp_path / "en_nl.argosmodel"))
    packages.install_package(without_demo_mark(package_files["nl-en"], tmp_path / "nl_en.argosmodel"))
    packages.install_package(package_files["en-pl"])
    response = client_factory(org_a["team_lead"]).post(
        "/api/chat/helper/preview",
        {"text": "The meeting starts at nine.", "source": "en", "targets": ["nl", "pl"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    lines = {line["language"]: line for line in response.json()["translations"]}
    assert lines["nl"]["back_translation"]  # a real route there and back
    assert lines["nl"]["demo"] is False
    assert lines["pl"]["text"]  # the demo output, marked as such
    assert lines["pl"]["back_translation"] is None
