from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.request import Request

from welkom.accounts.models import Role
from welkom.api.errors import ApiError
from welkom.api.permissions import current_user, roles
from welkom.audit import selectors
from welkom.audit.models import AuditEntry
from welkom.audit.serializers import AuditEntrySerializer, AuditEntryWithSubjectSerializer


class MyAuditApi(generics.ListAPIView[AuditEntry]):
    """Who looked at or changed my personal data, newest first."""

    serializer_class = AuditEntrySerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return selectors.audit_entries_about(current_user(self.request))


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not str(value).isdigit():
        raise ApiError(f"{name} must be a number.", fields={name: ["Not a number."]})
    return int(value)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("subject", OpenApiTypes.INT, description="Only entries about this person."),
            OpenApiParameter("actor", OpenApiTypes.INT, description="Only entries by this person."),
        ]
    )
)
class AuditListApi(generics.ListAPIView[AuditEntry]):
    """The organisation's audit log (HR and admin)."""

    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = AuditEntryWithSubjectSerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return selectors.audit_entries_visible_to(
            current_user(self.request),
            subject_id=_int_param(self.request, "subject"),
            actor_id=_int_param(self.request, "actor"),
        )
