"""LibreTranslate's top-level paths (included by config/urls.py before the SPA)."""

from django.urls import path

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
]
