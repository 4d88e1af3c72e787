"""Managing translation: API keys, glossary, translation memory and language packages."""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Organisation, Role, User
from welkom.api.errors import ApiError
from welkom.api.parsers import MultiPartParser
from welkom.api.permissions import current_user, roles
from welkom.core.uploads import UploadLimitMixin
from welkom.offline.middleware import shown_once
from welkom.translation import packages, selectors, services
from welkom.translation.models import ApiKey, GlossaryEntry, MemoryEntry
from welkom.translation.serializers import (
    ApiKeyCreatedSerializer,
    ApiKeyCreateSerializer,
    ApiKeySerializer,
    GlossaryEntrySerializer,
    GlossaryEntryWriteSerializer,
    MemoryEntrySerializer,
    MemoryEntryWriteSerializer,
    PackageSerializer,
    PackageUploadSerializer,
)

MANAGERS = (Role.HR, Role.ADMIN)
REVIEWERS = (Role.HR, Role.ADMIN, Role.TEAM_LEAD)


def _organisation(user: User) -> Organisation:
    if user.organisation is None:
        raise ApiError(
            gettext("You do not belong to an organisation."), code="permission_denied", status_code=403
        )
    return user.organisation


def _api_error(error: services.TranslationError) -> ApiError:
    fields = {error.field: [error.message]} if error.field else {}
    return ApiError(error.message, code=error.code, fields=fields, status_code=error.status_code)


class ApiKeyListApi(generics.ListAPIView[ApiKey]):
    """API keys of the organisation for external clients of /translate (HR and admin)."""

    serializer_class = ApiKeySerializer
    permission_classes = [roles(*MANAGERS)]

    def get_queryset(self) -> QuerySet[ApiKey]:
        return selectors.api_keys_visible_to(current_user(self.request))

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, raw = services.api_key_create(
            organisation=_organisation(user), name=serializer.validated_data["name"], created_by=user
        )
        data = ApiKeySerializer(key).data | {"key": raw}
        return shown_once(Response(data, status=status.HTTP_201_CREATED))


class ApiKeyDetailApi(APIView):
    permission_classes = [roles(*MANAGERS)]

    @extend_schema(request=None, responses={200: ApiKeySerializer})
    def delete(self, request: Request, pk: int) -> Response:
        key = get_object_or_404(selectors.api_keys_visible_to(current_user(request)), pk=pk)
        key = services.api_key_revoke(key=key)
        return Response(ApiKeySerializer(key).data)


class GlossaryListApi(generics.ListAPIView[GlossaryEntry]):
    """The organisation's glossary: terms kept as written, or translated one fixed way."""

    # HR and admin only; the engine applies it to everyone's translations without showing it.

    serializer_class = GlossaryEntrySerializer
    permission_classes = [roles(*MANAGERS)]

    def get_queryset(self) -> QuerySet[GlossaryEntry]:
        return selectors.glossary_entries_visible_to(current_user(self.request))

    @extend_schema(request=GlossaryEntryWriteSerializer, responses={201: GlossaryEntrySerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = GlossaryEntryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entry = services.glossary_entry_create(
                organisation=_organisation(user), **serializer.validated_data
            )
        except services.TranslationError as error:
            raise _api_error(error) from error
        return Response(GlossaryEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class GlossaryDetailApi(APIView):
    permission_classes = [roles(*MANAGERS)]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(selectors.glossary_entries_visible_to(current_user(request)), pk=pk)
        services.glossary_entry_delete(entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemoryListApi(generics.ListAPIView[MemoryEntry]):
    """Approved translations, used instead of the model for the same text and language pair."""

    serializer_class = MemoryEntrySerializer
    permission_classes = [roles(*REVIEWERS)]

    def get_queryset(self) -> QuerySet[MemoryEntry]:
        return selectors.memory_entries_visible_to(current_user(self.request))

    @extend_schema(request=MemoryEntryWriteSerializer, responses={201: MemoryEntrySerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = MemoryEntryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.memory_entry_save(
            organisation=_organisation(user), approved_by=user, **serializer.validated_data
        )
        return Response(MemoryEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class MemoryDetailApi(APIView):
    permission_classes = [roles(*MANAGERS)]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        entry = get_object_or_404(selectors.memory_entries_visible_to(current_user(request)), pk=pk)
        services.memory_entry_delete(entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _package_data(package: packages.InstalledPackage) -> dict[str, Any]:
    data = asdict(package)
    data.pop("path")
    return data


class PackageListApi(UploadLimitMixin, APIView):
    """Installed language packages; an admin uploads an .argosmodel file here."""

    # The body is read no further than TRANSLATION_UPLOAD_MAX_BYTES (welkom.core.uploads).

    permission_classes = [roles(Role.ADMIN)]
    parser_classes = [MultiPartParser]

    def get_upload_max_bytes(self) -> int:
        return settings.TRANSLATION_UPLOAD_MAX_BYTES

    @extend_schema(responses={200: PackageSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response([_package_data(package) for package in packages.installed_packages()])

    @extend_schema(
        request={"multipart/form-data": PackageUploadSerializer}, responses={201: PackageSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = PackageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > settings.TRANSLATION_UPLOAD_MAX_BYTES:  # the upload handler stopped at it
            raise ApiError(
                gettext("The package file is too large."),
                code="too_large",
                fields={"file": [gettext("The package file is too large.")]},
                status_code=413,
            )
        with tempfile.TemporaryDirectory() as tmp:
            # The uploaded name (made safe) keeps error messages about the file the admin chose.
            name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(upload.name or "").name)[:100]
            path = Path(tmp) / (name if name.endswith(".argosmodel") else "upload.argosmodel")
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                package = services.package_install(path=path)
            except services.TranslationError as error:
                raise _api_error(error) from error
        return Response(_package_data(package), status=status.HTTP_201_CREATED)


class PackageDetailApi(APIView):
    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, from_code: str, to_code: str) -> Response:
        try:
            services.package_remove(from_code=from_code, to_code=to_code)
        except services.TranslationError as error:
            raise ApiError(error.message, code="not_found", status_code=404) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
