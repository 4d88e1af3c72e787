# LibreTranslate's top-level paths (not under /api/, so the classification test does not walk them;
# test_api.py checks them): /languages and /frontend/settings are public like LibreTranslate's;
# /translate and /detect need an organisation's API key or a logged-in person of any role.
LIBRETRANSLATE = {
    "libretranslate-languages": {"get": "public"},
    "libretranslate-frontend-settings": {"get": "public"},
    "libretranslate-translate": {"post": "api key or any logged-in role"},
    "libretranslate-detect": {"post": "api key or any logged-in role"},
}

PUBLIC: set[str] = set()
ENDPOINTS = {
    "translation-key-list": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "translation-key-detail": {"delete": {"hr", "admin"}},
    "translation-glossary-list": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "translation-glossary-detail": {"delete": {"hr", "admin"}},
    "translation-memory-list": {"get": {"hr", "admin", "team_lead"}, "post": {"hr", "admin", "team_lead"}},
    "translation-memory-detail": {"delete": {"hr", "admin"}},
    "translation-package-list": {"get": {"admin"}, "post": {"admin"}},
    "translation-package-detail": {"delete": {"admin"}},
    "translation-settings": {"get": {"hr", "admin"}, "patch": {"hr", "admin"}},
    "translation-package-index": {"get": {"admin"}},
    "translation-package-download-list": {"get": {"admin"}, "post": {"admin"}},
    "translation-package-download-detail": {"get": {"admin"}},
}


def _api_key(scope, caller):  # type: ignore[no-untyped-def]
    from welkom.translation.models import ApiKey

    key = ApiKey.objects.create(
        organisation=scope.organisation, name="Intranet", prefix="matrix", key_hash=f"matrix-{scope.name}"
    )
    return {"pk": key.pk}


def _glossary_entry(scope, caller):  # type: ignore[no-untyped-def]
    from welkom.translation.models import GlossaryEntry

    return {"pk": GlossaryEntry.objects.create(organisation=scope.organisation, term="Welkom").pk}


def _memory_entry(scope, caller):  # type: ignore[no-untyped-def]
    from welkom.translation.models import MemoryEntry

    entry = MemoryEntry.objects.create(
        organisation=scope.organisation,
        source_language="nl",
        target_language="en",
        source_text="Hallo",
        source_hash="matrix",
        translated_text="Hello",
        approved_by=scope.hr,
    )
    return {"pk": entry.pk}


def _package(scope, caller):  # type: ignore[no-untyped-def]
    """Language packages are installed for the whole server, not per team or organisation: only the
    "own" scope applies. An installed nl→en package as it lies on disk (in tests/core/conftest.py's
    temporary packages folder)."""
    if scope.name != "own":
        return None
    import json

    from welkom.translation import packages

    folder = packages.packages_dir() / "translate-nl_en"
    folder.mkdir(exist_ok=True)
    metadata = {"type": "translate", "from_code": "nl", "to_code": "en", "package_version": "1.0"}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    extra = {"checksum": "0" * 64, "size_bytes": 1, "installed_at": "2026-01-01T00:00:00+00:00"}
    (folder / packages.WELKOM_FILE).write_text(json.dumps(extra), encoding="utf-8")
    return {"from_code": "nl", "to_code": "en"}


def _download(scope, caller):  # type: ignore[no-untyped-def]
    """A download started by an admin of the scope's organisation (downloads are shown per
    organisation; the package they install is the server's)."""
    from welkom.translation.models import PackageDownload

    download = PackageDownload.objects.create(
        organisation=scope.organisation,
        from_code="nl",
        to_code="en",
        package_version="1.0",
        url="http://127.0.0.1:9/translate-nl_en.argosmodel",
        state=PackageDownload.State.DONE,
    )
    return {"pk": download.pk}


OBJECTS = {
    "translation-package-download-detail": _download,
    "translation-key-detail": _api_key,
    "translation-glossary-detail": _glossary_entry,
    "translation-memory-detail": _memory_entry,
    "translation-package-detail": _package,
}
# Keys, glossary and memory belong to the organisation, not a team: HR and admin reach them all.
OTHER_TEAM: dict[str, set[str]] = {}
