from django.urls import path

from welkom.audit import apis

urlpatterns = [
    path("audit", apis.AuditListApi.as_view(), name="audit-list"),
    path("audit/me", apis.MyAuditApi.as_view(), name="audit-me"),
]
