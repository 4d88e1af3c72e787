"""LibreTranslate clients in the wild against a running Welkom (issue 22): parameters in the query
string, LibreTranslate's order of precedence, and errors always in LibreTranslate's JSON shape."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from deep_translator import LibreTranslator
from deep_translator.exceptions import AuthorizationException
from libretranslatepy import LibreTranslateAPI

from welkom.translation import services

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NPM_CLIENT = Path(__file__).parent / "clients" / "libretranslate_npm.cjs"


@pytest.fixture
def key(org_a) -> str:
    _, raw = services.api_key_create(organisation=org_a.organisation, name="Bot", created_by=org_a["hr"])
    return raw


def test_libretranslatepy_languages_translate_and_detect(live_server, languages, key):
    client = LibreTranslateAPI(live_server.url + "/", api_key=key)
    assert {language["code"] for language in client.languages()} == {"en", "nl", "pl"}
    assert isinstance(client.translate("Hallo team", "nl", "en"), str)
    assert client.detect("Goedemorgen allemaal, de vergadering begint om negen uur.")[0]["language"] == "nl"


def test_deep_translator_sends_everything_in_the_query_string(live_server, languages, key):
    translator = LibreTranslator(source="en", target="pl", api_key=key, custom_url=live_server.url + "/")
    assert isinstance(translator.translate("Hello team"), str)


def test_deep_translator_with_a_wrong_key_gets_libretranslates_answer(live_server, languages, key):
    translator = LibreTranslator(source="en", target="pl", api_key="wrong", custom_url=live_server.url + "/")
    with pytest.raises(AuthorizationException):  # what deep-translator makes of LibreTranslate's 403
        translator.translate("Hello team")


def test_the_npm_libretranslate_client(live_server, languages, key):
    node = shutil.which("node")
    assert node, "Node.js runs the frontend build, so it is here"
    paths = [str(ROOT / "frontend" / "node_modules"), *os.environ.get("NODE_PATH", "").split(":")]
    answer = subprocess.run(
        [node, str(NPM_CLIENT), live_server.url, key],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "WELKOM_NODE_PATHS": ":".join(p for p in paths if p)},
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    assert isinstance(json.loads(answer.stdout)["translatedText"], str)
