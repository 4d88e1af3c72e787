"""The service worker and the manifest are served from the root, with the right types."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_at_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    assert "/static/assets/main-" in body  # the app shell is precached
    assert "X-Welkom-Saved-At" in body  # API answers are kept for offline reading


def test_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_pages_link_the_manifest(client):
    html = client.get("/login").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html


def test_only_get_and_head(client):
    assert client.post("/sw.js").status_code == 405


def test_arabic_pages_start_right_to_left(client_factory, org_a):
    newcomer = org_a["newcomer"]
    newcomer.language = "ar"
    newcomer.save()
    html = client_factory(newcomer).get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="rtl"' not in client_factory(org_a["hr"]).get("/").content.decode()


@pytest.mark.parametrize("language", ["pl", "ro", "bg", "uk", "tr", "ar"])
def test_new_interface_languages_can_be_chosen(client_factory, org_a, language):
    response = client_factory(org_a["newcomer"]).patch("/api/me", {"language": language}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == language


@pytest.mark.parametrize("language", ["ro", "bg"])
def test_romanian_and_bulgarian_pages_say_their_language_left_to_right(client_factory, org_a, language):
    newcomer = org_a["newcomer"]
    newcomer.language = language
    newcomer.save()
    html = client_factory(newcomer).get("/").content.decode()
    assert f'<html lang="{language}">' in html


PRELOADED_CATALOG = re.compile(r'<link rel="modulepreload" href="/static/assets/catalog-(\w\w(?:-more)?)-')


def _preloaded_catalogs(html: str) -> list[str]:
    return sorted(PRELOADED_CATALOG.findall(html))


def test_pages_preload_the_catalogs_the_first_screen_waits_for(client_factory, org_a):
    """The reader's language and English (the fallback), first parts only, beside the app's script."""
    newcomer = org_a["newcomer"]
    newcomer.language = "nl"
    newcomer.save()
    assert _preloaded_catalogs(client_factory(newcomer).get("/").content.decode()) == ["en", "nl"]
    newcomer.language = "en"
    newcomer.save()
    assert _preloaded_catalogs(client_factory(newcomer).get("/").content.decode()) == ["en"]
    logged_out = client_factory().get("/login", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5").content.decode()
    assert _preloaded_catalogs(logged_out) == ["en", "pl"]
