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
    "translation-glossary-list": {"get": "all", "post": {"hr", "admin"}},
    "translation-glossary-detail": {"delete": {"hr", "admin"}},
    "translation-memory-list": {"get": {"hr", "admin", "team_lead"}, "post": {"hr", "admin", "team_lead"}},
    "translation-memory-detail": {"delete": {"hr", "admin"}},
    "translation-package-list": {"get": {"admin"}, "post": {"admin"}},
    "translation-package-detail": {"delete": {"admin"}},
}
