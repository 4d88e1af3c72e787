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
from welkom.accounts.permissions import current_user, roles
from welkom.core.errors import ApiError
from welkom.core.parsers import MultiPartParser
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
    PackageDownloadSerializer,
    PackageDownloadStartSerializer,
    PackageIndexSerializer,
    PackageSerializer,
    PackageUploadSerializer,
    TranslationSettingsSerializer,
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


class SettingsApi(APIView):
    """The organisation's translation rules (HR and admin): keep acronyms out of the model."""

    permission_classes = [roles(*MANAGERS)]

    @extend_schema(responses={200: TranslationSettingsSerializer})
    def get(self, request: Request) -> Response:
        organisation = _organisation(current_user(request))
        row = selectors.translation_settings_of(organisation=organisation)
        return Response(TranslationSettingsSerializer(row).data)

    @extend_schema(request=TranslationSettingsSerializer, responses={200: TranslationSettingsSerializer})
    def patch(self, request: Request) -> Response:
        organisation = _organisation(current_user(request))
        current = selectors.translation_settings_of(organisation=organisation)
        serializer = TranslationSettingsSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        row = services.translation_settings_update(
            organisation=organisation,
            keep_acronyms=serializer.validated_data.get("keep_acronyms", current.keep_acronyms),
        )
        return Response(TranslationSettingsSerializer(row).data)


class PackageIndexApi(APIView):
    """What the package index offers (admin): an explicit action of the admin's screen, the only
    network use besides `manage.py languages download`. No network: ``reachable`` is false and
    ``problem`` says why; the screen then points to installing from a file."""

    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(responses={200: PackageIndexSerializer})
    def get(self, request: Request) -> Response:
        from welkom.translation import package_index

        try:
            entries = package_index.fetch_index()
        except package_index.DownloadRefused as error:
            problem = "unreachable" if isinstance(error, package_index.IndexUnavailable) else "index_invalid"
            return Response({"reachable": False, "problem": problem, "packages": []})
        installed = packages.packages_by_pair()
        listing = []
        for entry in entries:
            have = installed.get((entry.from_code, entry.to_code))
            listing.append(
                {
                    "from_code": entry.from_code,
                    "from_name": entry.from_name,
                    "to_code": entry.to_code,
                    "to_name": entry.to_name,
                    "package_version": entry.package_version,
                    "size": entry.size,
                    "status": package_index.status_of(entry, installed),
                    "installed_version": have.package_version if have else None,
                }
            )
        return Response({"reachable": True, "problem": None, "packages": listing})


class PackageDownloadListApi(APIView):
    """Downloads of the admin's organisation (newest first), and starting one (admin)."""

    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(responses={200: PackageDownloadSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.package_downloads_visible_to(current_user(request))[:20]
        return Response(PackageDownloadSerializer(rows, many=True).data)

    @extend_schema(request=PackageDownloadStartSerializer, responses={202: PackageDownloadSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = PackageDownloadStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            download = services.package_download_start(
                organisation=_organisation(user),
                started_by=user,
                from_code=serializer.validated_data["from_code"],
                to_code=serializer.validated_data["to_code"],
            )
        except services.TranslationError as error:
            raise _api_error(error) from error
        return Response(PackageDownloadSerializer(download).data, status=status.HTTP_202_ACCEPTED)


class PackageDownloadDetailApi(APIView):
    """One download's progress, polled by the settings screen (admin)."""

    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(responses={200: PackageDownloadSerializer})
    def get(self, request: Request, pk: int) -> Response:
        download = get_object_or_404(selectors.package_downloads_visible_to(current_user(request)), pk=pk)
        return Response(PackageDownloadSerializer(download).data)
