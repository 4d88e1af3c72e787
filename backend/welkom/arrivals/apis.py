"""HR and admin upload a file of arrivals, check the preview, confirm it, follow its progress, and
see the week's cohort. Tenant first (selectors), then role (permission classes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.arrivals import selectors, services
from welkom.arrivals.models import ArrivalImport
from welkom.arrivals.serializers import (
    ArrivalImportRowSerializer,
    ArrivalImportSerializer,
    CohortRowSerializer,
    ImportConfirmSerializer,
    ImportUploadSerializer,
)
from welkom.audit.models import Action
from welkom.audit.services import audit_record_many
from welkom.core.errors import ApiError
from welkom.core.language import person_language
from welkom.newcomers.models import NewcomerProfile

MANAGERS = roles(Role.HR, Role.ADMIN)


class _SizeLimit(FileUploadHandler):
    """Stops reading an uploaded file at the import limit, instead of writing all of it to disk
    first; the view then answers "too large" (other handlers keep their defaults)."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.ARRIVALS_IMPORT_MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class ImportListApi(generics.ListAPIView[ArrivalImport]):
    permission_classes = [MANAGERS]
    serializer_class = ArrivalImportSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[ArrivalImport]:
        return selectors.imports_visible_to(current_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with override(person_language(current_user(request))):
            return super().list(request, *args, **kwargs)

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Before authentication: its CSRF check reads the form, and with it the file.
        self.size_limit = _SizeLimit(request)
        handlers = request.upload_handlers  # an ImmutableList once the form has been read
        if request.method == "POST" and isinstance(handlers, list):
            handlers.insert(0, self.size_limit)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer}, responses={201: ArrivalImportSerializer}
    )
    def post(self, request: Request) -> Response:
        user = current_user(request)
        request.data  # noqa: B018  # read the form (if the CSRF check has not), with the limit in place
        if self.size_limit.too_large:
            raise services.refusal(user, "file_too_large")
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arrival_import = services.import_preview_create(
            uploaded_by=user,
            upload=serializer.validated_data["file"],
            encoding=serializer.validated_data["encoding"],
            default_route=serializer.validated_data["route"],
        )
        with override(person_language(user)):
            data = ArrivalImportSerializer(arrival_import).data
        return Response(data, status=status.HTTP_201_CREATED)


class ImportDetailApi(generics.RetrieveAPIView[ArrivalImport]):
    """An import's state; the screen polls it for the progress of a running import."""

    permission_classes = [MANAGERS]
    serializer_class = ArrivalImportSerializer

    def get_queryset(self) -> QuerySet[ArrivalImport]:
        return selectors.imports_visible_to(current_user(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with override(person_language(current_user(request))):
            return Response(ArrivalImportSerializer(self.get_object()).data)

    @extend_schema(responses={204: None}, operation_id="arrivals_imports_discard")
    def delete(self, request: Request, pk: int) -> Response:
        services.import_discard(arrival_import=self.get_object(), by=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    parameters=[OpenApiParameter("errors", OpenApiTypes.BOOL, description="Only rows with errors.")]
)
class ImportRowsApi(generics.ListAPIView[Any]):
    """The preview: every row of the file with its errors (row, column, reason)."""

    permission_classes = [MANAGERS]
    serializer_class = ArrivalImportRowSerializer

    def get_queryset(self) -> QuerySet[Any]:
        user = current_user(self.request)
        arrival_import = get_object_or_404(selectors.imports_visible_to(user), pk=self.kwargs["pk"])
        only_errors = self.request.query_params.get("errors", "").lower() in ("1", "true", "yes")
        return selectors.import_rows(arrival_import, only_errors=only_errors)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with override(person_language(current_user(request))):
            return super().list(request, *args, **kwargs)


class ImportConfirmApi(generics.GenericAPIView[Any]):
    permission_classes = [MANAGERS]
    serializer_class = ImportConfirmSerializer

    @extend_schema(
        request=ImportConfirmSerializer,
        responses={200: ArrivalImportSerializer, 202: ArrivalImportSerializer},
        operation_id="arrivals_imports_confirm",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        arrival_import = get_object_or_404(selectors.imports_visible_to(user), pk=pk)
        serializer = ImportConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arrival_import = services.import_confirm(
            arrival_import=arrival_import, confirmed_by=user, **serializer.validated_data
        )
        with override(person_language(user)):
            data = ArrivalImportSerializer(arrival_import).data
        finished = arrival_import.status not in ("queued", "running")
        return Response(data, status=status.HTTP_200_OK if finished else status.HTTP_202_ACCEPTED)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "week", OpenApiTypes.STR, description="ISO week, e.g. 2026-W05 (default: this week)."
        )
    ]
)
class CohortApi(generics.ListAPIView[NewcomerProfile]):
    """Newcomers arriving in one week and where each stands: invited, accepted, registered,
    insured, housed. A fixed number of queries, however many people arrive."""

    permission_classes = [MANAGERS]
    serializer_class = CohortRowSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        text = self.request.query_params.get("week", "").strip()
        week = selectors.parse_week(text) if text else selectors.week_of(timezone.localdate())
        if week is None:
            with override(person_language(current_user(self.request))):
                message = _("Use an ISO week such as 2026-W05.")
            raise ApiError(message, fields={"week": [message]})
        return selectors.cohort(current_user(self.request), week=week)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        audit_record_many(
            actor=current_user(request),
            action=Action.VIEWED,
            entries=[(profile.user_id, "arrival_cohort_row", profile.pk) for profile in page],
        )
        return self.get_paginated_response(CohortRowSerializer(page, many=True).data)
