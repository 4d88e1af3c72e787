from django.urls import path

from welkom.translation import apis

urlpatterns = [
    path("translation/keys", apis.ApiKeyListApi.as_view(), name="translation-key-list"),
    path("translation/keys/<int:pk>", apis.ApiKeyDetailApi.as_view(), name="translation-key-detail"),
    path("translation/glossary", apis.GlossaryListApi.as_view(), name="translation-glossary-list"),
    path(
        "translation/glossary/<int:pk>", apis.GlossaryDetailApi.as_view(), name="translation-glossary-detail"
    ),
    path("translation/memory", apis.MemoryListApi.as_view(), name="translation-memory-list"),
    path("translation/memory/<int:pk>", apis.MemoryDetailApi.as_view(), name="translation-memory-detail"),
    path("translation/settings", apis.SettingsApi.as_view(), name="translation-settings"),
    path("translation/packages", apis.PackageListApi.as_view(), name="translation-package-list"),
    path("translation/packages/index", apis.PackageIndexApi.as_view(), name="translation-package-index"),
    path(
        "translation/packages/downloads",
        apis.PackageDownloadListApi.as_view(),
        name="translation-package-download-list",
    ),
    path(
        "translation/packages/downloads/<int:pk>",
        apis.PackageDownloadDetailApi.as_view(),
        name="translation-package-download-detail",
    ),
    path(
        "translation/packages/<str:from_code>/<str:to_code>",
        apis.PackageDetailApi.as_view(),
        name="translation-package-detail",
    ),
]
