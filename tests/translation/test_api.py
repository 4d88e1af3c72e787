"""LibreTranslate's dialect: shapes and errors as LibreTranslate documents them, API keys, limits."""

from __future__ import annotations

import pytest

from welkom.translation import services
from welkom.translation.models import ApiKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(org_a) -> str:
    _, raw = services.api_key_create(organisation=org_a.organisation, name="Chat bot", created_by=org_a["hr"])
    return raw


def translate(api, **body):
    return api.post("/translate", body, format="json")


def test_translate_a_text_with_an_api_key(api, languages, key):
    response = translate(api, q="Hallo team!", source="nl", target="en", api_key=key)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"translatedText", "demo", "warning"}  # the test packages are demo packages
    assert isinstance(body["translatedText"], str)


def test_translate_a_list_keeps_order_and_shape(api, languages, key):
    texts = ["Goedemorgen", "Tot morgen, {name}!", "https://welkom.example"]
    response = translate(api, q=texts, source="nl", target="en", api_key=key)
    assert response.status_code == 200
    translated = response.json()["translatedText"]
    assert isinstance(translated, list)
    assert len(translated) == 3
    assert "{name}" in translated[1]
    assert translated[2] == "https://welkom.example"


def test_form_data_works_like_libretranslate_clients_send_it(api, languages, key):
    response = api.post("/translate", {"q": "Hallo", "source": "nl", "target": "en", "api_key": key})
    assert response.status_code == 200
    assert isinstance(response.json()["translatedText"], str)


def test_auto_detects_the_source_language(api, languages, key):
    response = translate(
        api,
        q="Goedemorgen allemaal, de vergadering begint om negen uur.",
        source="auto",
        target="en",
        api_key=key,
    )
    assert response.status_code == 200
    detected = response.json()["detectedLanguage"]
    assert detected["language"] == "nl"
    assert 0 < detected["confidence"] <= 100


def test_auto_on_a_list_reports_a_language_per_text(api, languages, key):
    response = translate(
        api,
        q=["Goedemorgen allemaal, hoe gaat het?", "Good morning everyone, how are you?"],
        source="auto",
        target="nl",
        api_key=key,
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["language"] for item in body["detectedLanguage"]] == ["nl", "en"]
    assert body["translatedText"][0] == "Goedemorgen allemaal, hoe gaat het?"  # already Dutch


def test_alternatives(api, languages, key):
    response = translate(api, q="Hoe gaat het?", source="nl", target="en", alternatives=2, api_key=key)
    assert response.status_code == 200
    assert len(response.json()["alternatives"]) == 2


def test_html_format_keeps_tags(api, languages, key):
    response = translate(
        api, q="<p>Hallo <b>team</b></p>", source="nl", target="en", format="html", api_key=key
    )
    text = response.json()["translatedText"]
    assert text.startswith("<p>")
    assert "<b>" in text
    assert text.endswith("</p>")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"source": "nl", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "Hallo", "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": "Hallo", "source": "nl"}, "Invalid request: missing target parameter"),
        ({"q": "Hallo", "source": "xx", "target": "en"}, "Source language xx is not supported."),
        ({"q": "Hallo", "source": "nl", "target": "xx"}, "Target language xx is not supported."),
        ({"q": "Hallo", "source": "nl", "target": "en", "format": "pdf"}, "format must be text or html"),
        ({"q": [1, 2], "source": "nl", "target": "en"}, "q must be a text or a list of texts"),
        (
            {"q": "Hallo", "source": "nl", "target": "en", "alternatives": 9},
            "alternatives must be between 0 and 3",
        ),
    ],
)
def test_bad_requests_get_400_with_an_error(api, languages, key, body, message):
    response = translate(api, **body, api_key=key)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert message in response.json()["error"]


def test_a_missing_pair_is_named(api, package_files, packages_dir, key):
    from welkom.translation import packages

    packages.install_package(package_files["en-pl"])
    packages.install_package(package_files["en-nl"])
    response = translate(api, q="Dzień dobry", source="pl", target="nl", api_key=key)
    assert response.status_code == 400
    assert response.json()["error"] == "No translation from pl to nl: install the pl→en (or pl→nl) package."


def test_languages_lists_codes_names_and_targets(api, languages):
    response = api.get("/languages")
    assert response.status_code == 200
    by_code = {item["code"]: item for item in response.json()}
    assert by_code["nl"] == {"code": "nl", "name": "Dutch", "targets": ["en", "pl"]}  # pl through English
    assert by_code["en"]["targets"] == ["nl", "pl"]
    assert by_code["pl"]["targets"] == []


def test_detect(api, languages, key):
    response = api.post(
        "/detect", {"q": "Dit is een Nederlandse zin over het weer.", "api_key": key}, format="json"
    )
    assert response.status_code == 200
    first = response.json()[0]
    assert first["language"] == "nl"
    assert first["confidence"] > 50


def test_frontend_settings(api, languages):
    body = api.get("/frontend/settings").json()
    assert body["charLimit"] > 0
    assert body["keyRequired"] is True
    assert body["language"]["source"] == {"code": "auto", "name": "Auto Detect"}
    assert body["language"]["target"]["code"] == "en"


# --- API keys ------------------------------------------------------------------------------------


def test_no_key_and_no_session_is_403(api, languages):
    for path in ("/translate", "/detect"):
        response = api.post(path, {"q": "Hallo", "source": "nl", "target": "en"}, format="json")
        assert response.status_code == 403
        assert "API key is required" in response.json()["error"]


def test_a_wrong_key_is_403(api, languages):
    response = translate(api, q="Hallo", source="nl", target="en", api_key="wk_not-a-real-key")
    assert response.status_code == 403
    assert response.json() == {"error": "Invalid API key."}


def test_a_revoked_key_is_403(api, client_factory, org_a, languages, key):
    key_row = ApiKey.objects.get(organisation=org_a.organisation)
    hr = client_factory(org_a["hr"])
    assert hr.delete(f"/api/translation/keys/{key_row.pk}").status_code == 200
    response = translate(api, q="Hallo", source="nl", target="en", api_key=key)
    assert response.status_code == 403
    assert "revoked" in response.json()["error"]


def test_a_key_acts_for_its_own_organisation_only(api, org_a, org_b, languages, key):
    services.memory_entry_save(
        organisation=org_b.organisation,
        source_language="nl",
        target_language="en",
        source_text="Hallo",
        translated_text="Hello from B",
        approved_by=org_b["hr"],
    )
    services.memory_entry_save(
        organisation=org_a.organisation,
        source_language="nl",
        target_language="en",
        source_text="Hallo",
        translated_text="Hello from A",
        approved_by=org_a["hr"],
    )
    _, key_b = services.api_key_create(organisation=org_b.organisation, name="B", created_by=org_b["hr"])
    assert (
        translate(api, q="Hallo", source="nl", target="en", api_key=key).json()["translatedText"]
        == "Hello from A"
    )
    assert (
        translate(api, q="Hallo", source="nl", target="en", api_key=key_b).json()["translatedText"]
        == "Hello from B"
    )


def test_the_browser_uses_its_session_with_csrf(client_factory, org_a, languages):
    for role in ("newcomer", "hr", "team_lead", "colleague", "admin"):
        client = client_factory(org_a[role])
        response = client.post("/translate", {"q": "Hallo", "source": "nl", "target": "en"}, format="json")
        assert response.status_code == 200, role
    client = client_factory(org_a["team_lead"])
    response = client.post(
        "/translate", {"q": "Hallo", "source": "nl", "target": "en"}, format="json", HTTP_X_CSRFTOKEN="wrong"
    )
    assert response.status_code == 403
    assert "error" in response.json()


# --- Limits ----------------------------------------------------------------------------------------


def test_too_many_characters(api, languages, key, settings):
    settings.TRANSLATION_CHAR_LIMIT = 20
    response = translate(api, q=["Hallo allemaal", "tot morgen dan"], source="nl", target="en", api_key=key)
    assert response.status_code == 400
    assert response.json()["error"] == "Too much text: 28 characters in one request, at most 20."


def test_too_many_texts(api, languages, key, settings):
    settings.TRANSLATION_BATCH_LIMIT = 2
    response = translate(api, q=["a", "b", "c"], source="nl", target="en", api_key=key)
    assert response.status_code == 400
    assert response.json()["error"] == "Too many texts: 3 in one request, at most 2."


@pytest.fixture(params=["local", "redis"])
def rate_cache(request, settings):  # type: ignore[no-untyped-def]
    """The per-minute counters in the test settings' local cache, and in Redis as production keeps
    them (counted there in one round trip)."""
    if request.param == "redis":
        import secrets

        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"{settings.TEST_BROKER_PREFIX}rate-{secrets.token_hex(4)}",
            }
        }
    return request.param


def test_a_keys_last_use_is_written_once_a_minute(api, languages, key, monkeypatch, rate_cache):
    """To the minute: a bot's many requests do not each write the key's row."""
    import datetime as dt

    from django.utils import timezone

    start = dt.datetime(2026, 11, 28, 9, 30, 5, tzinfo=dt.UTC)
    clock = {"now": start}
    monkeypatch.setattr(services.timezone, "now", lambda: clock["now"])
    stored = ApiKey.objects.get(prefix=key[:10])
    assert stored.last_used_at is None
    assert translate(api, q="Hallo", source="nl", target="en", api_key=key).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at == start
    clock["now"] = start + dt.timedelta(seconds=40)
    assert translate(api, q="Hallo", source="nl", target="en", api_key=key).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at == start  # same minute: not written again
    clock["now"] = start + dt.timedelta(seconds=70)
    assert translate(api, q="Hallo", source="nl", target="en", api_key=key).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at == start + dt.timedelta(seconds=70)
    assert timezone.is_aware(stored.last_used_at)


def test_too_many_requests_per_minute_for_a_key(api, languages, key, settings, monkeypatch, rate_cache):
    """Counted per minute of the clock: fixed here, so the three requests cannot straddle a minute
    (they did once, on a loaded machine, and the third got a 200)."""
    import datetime as dt

    start = dt.datetime(2026, 11, 28, 9, 30, 5, tzinfo=dt.UTC)
    clock = {"now": start}
    monkeypatch.setattr(services.timezone, "now", lambda: clock["now"])
    settings.TRANSLATION_KEY_REQUESTS_PER_MINUTE = 2
    for _ in range(2):
        assert translate(api, q="Hallo", source="nl", target="en", api_key=key).status_code == 200
    clock["now"] = start + dt.timedelta(seconds=54)  # still the same minute
    response = translate(api, q="Hallo", source="nl", target="en", api_key=key)
    assert response.status_code == 429
    assert response.json()["error"] == "Too many requests for this API key: at most 2 per minute."
    clock["now"] = start + dt.timedelta(seconds=55)  # the next minute: counted afresh
    assert translate(api, q="Hallo", source="nl", target="en", api_key=key).status_code == 200
    if rate_cache == "redis":  # a minute's counter goes away by itself
        from django.core.cache import caches

        store = caches["default"]
        name = store.make_and_validate_key(f"translation:rate:{ApiKey.objects.get(prefix=key[:10]).pk}:")
        client = store._cache.get_client(name)
        counters = list(client.scan_iter(f"{name}*"))
        assert len(counters) == 2
        assert all(0 < client.ttl(counter) <= 120 for counter in counters)
