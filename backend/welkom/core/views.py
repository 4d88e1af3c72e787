import json
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

UI_LANGUAGES = {code for code, _ in settings.LANGUAGES}


@cache
def _catalog_chunks() -> dict[str, str]:
    """Vite's manifest key of each language's first catalog chunk (``catalog-<code>``, see
    frontend/src/i18n/parts.ts); nothing while the Vite dev server serves the modules."""
    config = settings.DJANGO_VITE["default"]
    if config["dev_mode"]:
        return {}
    try:
        manifest = json.loads(config["manifest_path"].read_text())
    except (OSError, ValueError):
        return {}
    return {
        entry["name"].removeprefix("catalog-"): key
        for key, entry in manifest.items()
        if entry.get("name", "").startswith("catalog-") and not entry["name"].endswith("-more")
    }


def catalog_chunks(language: str) -> list[str]:
    """The catalog chunks the first screen waits for: the reader's language and English, its
    fallback. The page asks for them beside the app's own script instead of after it."""
    code = language if language in UI_LANGUAGES else settings.LANGUAGE_CODE
    chunks = _catalog_chunks()
    return [chunks[each] for each in dict.fromkeys([code, "en"]) if each in chunks]


@ensure_csrf_cookie
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every page of the browser app: one HTML shell, routing happens on the client."""
    language = getattr(request.user, "language", "")
    return render(
        request,
        "index.html",
        {
            "vite_dev": settings.DJANGO_VITE["default"]["dev_mode"],
            "text_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
            # The app picks the same way: the person's last choice on this device, else the
            # browser's languages (Accept-Language, as LocaleMiddleware reads it).
            "catalog_chunks": catalog_chunks(language or getattr(request, "LANGUAGE_CODE", "")),
        },
    )
