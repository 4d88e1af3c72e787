"""LibreTranslate's top-level paths (included by config/urls.py before the SPA)."""

from django.urls import path, re_path

from welkom.translation import libretranslate

urlpatterns = [
    path("translate", libretranslate.TranslateApi.as_view(), name="libretranslate-translate"),
    path("detect", libretranslate.DetectApi.as_view(), name="libretranslate-detect"),
    path("languages", libretranslate.LanguagesApi.as_view(), name="libretranslate-languages"),
    path(
        "frontend/settings",
        libretranslate.FrontendSettingsApi.as_view(),
        name="libretranslate-frontend-settings",
    ),
    path("translate_file", libretranslate.FilesDisabledApi.as_view(), name="libretranslate-translate-file"),
    path("suggest", libretranslate.SuggestionsDisabledApi.as_view(), name="libretranslate-suggest"),
    # Anything else below these paths (a trailing slash, a typo, a newer endpoint) is a JSON 404.
    re_path(
        r"^(?:translate|detect|languages|frontend|translate_file|suggest|spec)(?P<rest>/.*)?$",
        libretranslate.not_found,
        name="libretranslate-not-found",
    ),
]
