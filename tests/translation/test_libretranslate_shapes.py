"""LibreTranslate's order of parameters and its error shape on every path (issue 22)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from welkom.translation import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(org_a) -> str:
    _, raw = services.api_key_create(organisation=org_a.organisation, name="Bot", created_by=org_a["hr"])
    return raw


def test_a_post_with_only_a_query_string_translates(api, languages, key):
    # deep-translator's request: its "format" must not be taken for DRF's choice of renderer.
    query = urlencode({"q": "Hallo", "source": "nl", "target": "en", "format": "text", "api_key": key})
    response = api.generic("POST", f"/translate?{query}", "", content_type="")
    assert response.status_code == 200, response.content
    assert isinstance(response.json()["translatedText"], str)
    detect = api.generic("POST", f"/detect?{urlencode({'q': 'Goedemorgen allemaal', 'api_key': key})}")
    assert detect.status_code == 200, detect.content
    assert detect.json()[0]["language"] == "nl"


def test_the_query_string_wins_over_a_form_body_as_in_libretranslate(api, languages, key):
    response = api.post(
        f"/translate?{urlencode({'target': 'xx'})}",
        {"q": "Hallo", "source": "nl", "target": "en", "api_key": key},
    )
    assert response.status_code == 400
    assert "xx" in response.json()["error"]


def test_a_json_body_is_read_alone_as_in_libretranslate(api, languages, key):
    response = api.post(
        f"/translate?{urlencode({'target': 'xx'})}",
        {"q": "Hallo", "source": "nl", "target": "en", "api_key": key},
        format="json",
    )
    assert response.status_code == 200, response.content
    not_an_object = api.post("/translate", ["Hallo"], format="json")
    assert not_an_object.status_code == 400
    assert set(not_an_object.json()) == {"error"}


def test_limits_and_keys_apply_to_the_query_string_too(api, languages, key, settings):
    settings.TRANSLATION_CHAR_LIMIT = 10
    long_text = urlencode({"q": "Hallo " * 5, "source": "nl", "target": "en", "api_key": key})
    assert api.generic("POST", f"/translate?{long_text}").status_code == 400
    wrong_key = urlencode({"q": "Hallo", "source": "nl", "target": "en", "api_key": "wrong"})
    refused = api.generic("POST", f"/translate?{wrong_key}")
    assert refused.status_code == 403
    assert set(refused.json()) == {"error"}


def test_the_npm_clients_apikey_spelling_is_accepted(api, languages, key):
    response = api.post(
        "/translate", {"q": "Hallo", "source": "nl", "target": "en", "apiKey": key}, format="json"
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/translate/", 404),
        ("post", "/translate/extra", 404),
        ("post", "/detect/", 404),
        ("get", "/languages/en", 404),
        ("get", "/frontend/settings/more", 404),
        ("get", "/spec", 404),
        ("get", "/translate", 405),
        ("delete", "/languages", 405),
        ("post", "/translate_file", 403),
        ("post", "/suggest", 403),
    ],
)
def test_every_answer_under_libretranslates_paths_is_json(api, settings, debug, method, path, status):
    settings.DEBUG = debug
    response = getattr(api, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["error"], str)
