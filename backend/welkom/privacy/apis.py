from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.core import privacy_registry as registry
from welkom.privacy import selectors, services
from welkom.privacy.files import private_file_response
from welkom.privacy.models import ErasureRecord, ExportRequest
from welkom.privacy.serializers import (
    ErasureCreateSerializer,
    ErasureRecordSerializer,
    ExportRequestSerializer,
    RetentionSerializer,
    RetentionWriteSerializer,
)


class ExportListApi(generics.ListAPIView[ExportRequest]):
    """My data exports; POST asks for a new one (built in the background)."""

    serializer_class = ExportRequestSerializer

    def get_queryset(self) -> QuerySet[ExportRequest]:
        return selectors.exports_of(current_user(self.request))

    @extend_schema(
        request=None, responses={202: ExportRequestSerializer}, operation_id="privacy_exports_create"
    )
    def post(self, request: Request) -> Response:
        export = services.export_request_create(user=current_user(request))
        return Response(ExportRequestSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(generics.RetrieveAPIView[ExportRequest]):
    serializer_class = ExportRequestSerializer

    def get_queryset(self) -> QuerySet[ExportRequest]:
        return selectors.exports_of(current_user(self.request))


class ExportDownloadApi(APIView):
    """The zip of a ready export: only for its owner, never cached by shared proxies."""

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The export zip."),
        },
        operation_id="privacy_exports_download",
    )
    def get(self, request: Request, pk: int) -> Any:
        user = current_user(request)
        export = services.export_download(
            export=get_object_or_404(selectors.exports_of(user), pk=pk), user=user
        )
        return private_file_response(
            export.file,
            filename=f"welkom-export-{export.created_at:%Y-%m-%d}.zip",
            content_type="application/zip",
        )


class ErasureListApi(generics.ListAPIView[ErasureRecord]):
    """Erasures done in this organisation (admin). POST erases an offboarded person."""

    permission_classes = [roles(Role.ADMIN)]
    serializer_class = ErasureRecordSerializer

    def get_queryset(self) -> QuerySet[ErasureRecord]:
        return selectors.erasures_visible_to(current_user(self.request))

    @extend_schema(request=ErasureCreateSerializer, responses={201: ErasureRecordSerializer})
    def post(self, request: Request) -> Response:
        admin = current_user(request)
        serializer = ErasureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = get_object_or_404(selectors.people_erasable_by(admin), pk=serializer.validated_data["user"])
        record = services.erasure_perform(
            person=person, erased_by=admin, confirm_email=serializer.validated_data["confirm_email"]
        )
        return Response(ErasureRecordSerializer(record).data, status=status.HTTP_201_CREATED)


def _retention_rows(organisation_id: int) -> list[dict[str, Any]]:
    days = services.retention_days(organisation_id=organisation_id)
    return [
        {
            "kind": kind.name,
            "description": kind.description,
            "keep_days": days[kind.name],
            "default_days": kind.default_days,
        }
        for kind in registry.retention_kinds()
    ]


class RetentionListApi(APIView):
    """How long each kind of data is kept in this organisation."""

    permission_classes = [roles(Role.HR, Role.ADMIN)]

    @extend_schema(responses={200: RetentionSerializer(many=True)}, operation_id="privacy_retention_list")
    def get(self, request: Request) -> Response:
        rows = _retention_rows(current_user(request).organisation_id)  # type: ignore[arg-type]
        return Response(RetentionSerializer(rows, many=True).data)


class RetentionDetailApi(APIView):
    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(
        request=RetentionWriteSerializer,
        responses={200: RetentionSerializer},
        operation_id="privacy_retention_update",
    )
    def patch(self, request: Request, kind: str) -> Response:
        user = current_user(request)
        serializer = RetentionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert user.organisation is not None
        services.retention_set(
            organisation=user.organisation, kind=kind, keep_days=serializer.validated_data["keep_days"]
        )
        row = next(r for r in _retention_rows(user.organisation.pk) if r["kind"] == kind)
        return Response(RetentionSerializer(row).data)
