from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.audit import selectors
from welkom.audit.models import AuditEntry
from welkom.audit.serializers import (
    AuditEntrySerializer,
    AuditEntryWithSubjectSerializer,
    AuditFilterSerializer,
)


class MyAuditApi(generics.ListAPIView[AuditEntry]):
    """Who looked at or changed my personal data, newest first."""

    serializer_class = AuditEntrySerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return selectors.audit_entries_about(current_user(self.request))


@extend_schema_view(get=extend_schema(parameters=[AuditFilterSerializer]))
class AuditListApi(generics.ListAPIView[AuditEntry]):
    """The organisation's audit log (HR and admin), filtered by person, action and days."""

    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = AuditEntryWithSubjectSerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        filters = AuditFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = filters.validated_data
        return selectors.audit_entries_visible_to(
            current_user(self.request),
            subject_id=chosen.get("subject"),
            actor_id=chosen.get("actor"),
            action=chosen.get("action") or None,
            since=chosen.get("since"),
            until=chosen.get("until"),
        )
