from django.urls import path

from welkom.privacy import apis

urlpatterns = [
    path("privacy/exports", apis.ExportListApi.as_view(), name="privacy-export-list"),
    path("privacy/exports/<int:pk>", apis.ExportDetailApi.as_view(), name="privacy-export-detail"),
    path(
        "privacy/exports/<int:pk>/download", apis.ExportDownloadApi.as_view(), name="privacy-export-download"
    ),
    path("privacy/erasures", apis.ErasureListApi.as_view(), name="privacy-erasure-list"),
    path("privacy/retention", apis.RetentionListApi.as_view(), name="privacy-retention-list"),
    path("privacy/retention/<str:kind>", apis.RetentionDetailApi.as_view(), name="privacy-retention-detail"),
]
