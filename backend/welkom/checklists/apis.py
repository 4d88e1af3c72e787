"""Thin views over the checklist services and selectors.

Roles: checklists are read by the newcomer (their own), HR and admin; items are changed and
documents are attached and read by the newcomer and HR only. Other roles get 403; objects of another
organisation, or of another newcomer, are 404.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role, User
from welkom.accounts.permissions import current_user, roles
from welkom.audit.models import Action
from welkom.audit.services import audit_record, audit_record_many
from welkom.checklists import selectors, services
from welkom.checklists.models import Checklist, ChecklistChange, ChecklistDocument, ChecklistItem
from welkom.checklists.serializers import (
    ChecklistBoardRowSerializer,
    ChecklistChangeSerializer,
    ChecklistDocumentSerializer,
    ChecklistDocumentUploadSerializer,
    ChecklistItemSerializer,
    ChecklistItemWriteSerializer,
    ChecklistMunicipalitySerializer,
    ChecklistSerializer,
    MunicipalityChoiceSerializer,
    housing_state,
    school_state,
)
from welkom.core.answers import cached_answer
from welkom.core.errors import ApiError
from welkom.core.language import content_languages
from welkom.core.pagination import CountedPageNumberPagination
from welkom.core.parsers import MultiPartParser
from welkom.core.responses import RenderedJSON, RenderedResponse
from welkom.core.uploads import UploadLimitMixin
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profile_remember
from welkom.offline.actions import action_taken_at
from welkom.privacy.files import private_file_response

# The query parameters of an upcoming-items answer that is kept (welkom.core.answers).
KEPT_PARAMS = {"page", "page_size"}
READERS = roles(Role.NEWCOMER, Role.HR, Role.ADMIN)
EDITORS = roles(Role.NEWCOMER, Role.HR)
BOARD = roles(Role.HR, Role.ADMIN)

NEWCOMER_PARAM = OpenApiParameter(
    "newcomer", int, description="Profile id (HR and admin; a newcomer always gets their own)."
)


def _profile(request: Request) -> NewcomerProfile:
    """The newcomer whose checklists are asked for: your own, or (HR, admin) ``?newcomer=<id>``."""
    user = current_user(request)
    profiles = selectors.profiles_with_checklists_visible_to(user)
    raw = request.query_params.get("newcomer", "")
    if user.role == Role.NEWCOMER and not raw:
        profile = get_object_or_404(profiles)
        profile_remember(user, profile)
        return profile
    if not raw.isdigit():
        raise ApiError(
            gettext("Say whose checklists: ?newcomer=<id>."),
            fields={"newcomer": [gettext("A profile id is required.")]},
        )
    return get_object_or_404(profiles, pk=int(raw))


def _context(request: Request, profile: NewcomerProfile) -> dict[str, Any]:
    user = current_user(request)
    return {
        "request": request,
        "languages": content_languages(user),
        "today": services.local_today(profile),
        "municipality": selectors.municipality_note(profile.municipality),
        "items_by_ref": selectors.ItemsByRef(user, profile),
        "show_documents": user.role in selectors.DOCUMENT_READERS,
    }


def _audit(request: Request, action: str, subject_user: int, object_type: str, object_id: object) -> None:
    """Record someone else's read or change of a newcomer's checklist (their own is not recorded)."""
    actor = current_user(request)
    if actor.pk == subject_user:
        return
    audit_record(
        actor=actor,
        action=action,
        subject_user=subject_user,
        object_type=object_type,
        object_id=object_id,
    )


def _item_context(request: Request, item: ChecklistItem) -> dict[str, Any]:
    return _context(request, item.checklist.profile)


class ChecklistListApi(generics.ListAPIView[Checklist]):
    """A newcomer's checklists, grouped, each with its items (current and retired)."""

    permission_classes = [READERS]
    serializer_class = ChecklistSerializer

    def get_queryset(self) -> QuerySet[Checklist]:
        self.profile = _profile(self.request)
        return selectors.checklists_of(current_user(self.request), self.profile)

    def get_serializer_context(self) -> dict[str, Any]:
        return (
            _context(self.request, self.profile)
            if hasattr(self, "profile")
            else super().get_serializer_context()
        )

    @extend_schema(parameters=[NEWCOMER_PARAM])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        _audit(request, Action.VIEWED, self.profile.user_id, "checklists", self.profile.pk)
        return response


class UpcomingItemsApi(generics.ListAPIView[ChecklistItem]):
    """What is due next for the newcomer: unfinished items, earliest due date first."""

    # The answer is kept (welkom.core.answers) under a fingerprint of every row it shows
    # (selectors.upcoming_rows) and the URL asked for (its page, and the links to the others), until
    # the newcomer's midnight (``days_left`` and the amounts valid today change then).

    permission_classes = [roles(Role.NEWCOMER)]
    serializer_class = ChecklistItemSerializer
    pagination_class = CountedPageNumberPagination  # the page and its count in one query

    def get_queryset(self) -> QuerySet[ChecklistItem]:
        return selectors.upcoming_items(current_user(self.request), self.profile)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return selectors.with_documents(list(page)) if page is not None else None

    def get_serializer_context(self) -> dict[str, Any]:
        return (
            _context(self.request, self.profile)
            if hasattr(self, "profile")
            else super().get_serializer_context()
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = current_user(request)

        def build(now: datetime) -> tuple[RenderedJSON, datetime]:
            # The reader and their profile (or 404) in the snapshot the fingerprint was read in. A
            # kept answer needs neither: it was built for this reader, and the fingerprint holds
            # their own row and profile (role, organisation, the profile's existence), so any change
            # to what _profile checks is a new fingerprint and this build runs again.
            user.refresh_from_db()
            self.profile = _profile(request)
            data = super(UpcomingItemsApi, self).list(request, *args, **kwargs).data
            assert data is not None
            return RenderedJSON.of(data), services.next_local_midnight(self.profile, now)

        if set(request.query_params) - KEPT_PARAMS:
            # Built, not kept: a key per made-up parameter would let a reader fill the cache.
            return RenderedResponse(build(timezone.now())[0])
        answer, _built = cached_answer(
            "checklists.upcoming",
            rows=selectors.upcoming_rows,
            keys=(user.pk,),  # a newcomer's own profile (_profile)
            extra=(user.pk, request.build_absolute_uri()),
            build=build,
        )
        assert answer is not None  # build always answers (or raises: 404, 400)
        return RenderedResponse(answer)


class ChangeListApi(generics.ListAPIView[ChecklistChange]):
    """What profile changes did to the checklists: items added and items retired."""

    permission_classes = [READERS]
    serializer_class = ChecklistChangeSerializer

    def get_queryset(self) -> QuerySet[ChecklistChange]:
        self.profile = _profile(self.request)
        return selectors.changes_of(current_user(self.request), self.profile)

    def get_serializer_context(self) -> dict[str, Any]:
        user = current_user(self.request)
        return {"languages": content_languages(user)}

    @extend_schema(parameters=[NEWCOMER_PARAM])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MunicipalityApi(APIView):
    """How to book the registration appointment in the newcomer's municipality, and the expat centre."""

    permission_classes = [READERS]

    @extend_schema(
        parameters=[NEWCOMER_PARAM],
        responses={200: ChecklistMunicipalitySerializer},
        operation_id="checklists_municipality",
    )
    def get(self, request: Request) -> Response:
        profile = _profile(request)
        note = selectors.municipality_note(profile.municipality)
        if note is None:
            raise ApiError(
                gettext("There are no notes for this municipality yet."), code="not_found", status_code=404
            )
        context = {"languages": content_languages(current_user(request))}
        return Response(ChecklistMunicipalitySerializer(note, context=context).data)


class ItemDetailApi(APIView):
    def get_permissions(self):  # type: ignore[no-untyped-def,unused-ignore]
        return [(EDITORS if self.request.method == "PATCH" else READERS)()]

    def _item(self, request: Request, pk: int, queryset: QuerySet[ChecklistItem]) -> ChecklistItem:
        return get_object_or_404(queryset, pk=pk)

    @extend_schema(responses={200: ChecklistItemSerializer})
    def get(self, request: Request, pk: int) -> Response:
        item = self._item(request, pk, selectors.items_visible_to(current_user(request)))
        _audit(request, Action.VIEWED, item.checklist.profile.user_id, "checklist_item", item.pk)
        return Response(ChecklistItemSerializer(item, context=_item_context(request, item)).data)

    @extend_schema(request=ChecklistItemWriteSerializer, responses={200: ChecklistItemSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        item = self._item(request, pk, selectors.items_editable_by(user))
        serializer = ChecklistItemWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.item_update(
            item=item, changed_by=user, taken_at=action_taken_at(request), **serializer.validated_data
        )
        _audit(request, Action.CHANGED, item.checklist.profile.user_id, "checklist_item", item.pk)
        item = selectors.items_visible_to(user).get(pk=item.pk)
        return Response(ChecklistItemSerializer(item, context=_item_context(request, item)).data)


class ItemDocumentsApi(UploadLimitMixin, generics.GenericAPIView[ChecklistDocument]):
    """Documents attached to an item (only the newcomer and HR). Upload: multipart field ``file``."""

    # The body is read no further than CHECKLIST_DOCUMENT_MAX_BYTES (welkom.core.uploads).

    permission_classes = [EDITORS]
    serializer_class = ChecklistDocumentSerializer
    parser_classes = [MultiPartParser]

    def get_upload_max_bytes(self) -> int:
        return settings.CHECKLIST_DOCUMENT_MAX_BYTES

    def _item(self, pk: int) -> ChecklistItem:
        return get_object_or_404(
            selectors.items_editable_by(current_user(self.request)).select_related("checklist__profile"),
            pk=pk,
        )

    @extend_schema(responses={200: ChecklistDocumentSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        item = self._item(pk)
        documents = selectors.documents_visible_to(current_user(request)).filter(item=item)
        page = self.paginate_queryset(documents)
        _audit(request, Action.VIEWED, item.checklist.profile.user_id, "checklist_documents", item.pk)
        return self.get_paginated_response(ChecklistDocumentSerializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ChecklistDocumentUploadSerializer},
        responses={201: ChecklistDocumentSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        item = self._item(pk)
        serializer = ChecklistDocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_upload(
            item=item, uploaded_by=current_user(request), upload=serializer.validated_data["file"]
        )
        _audit(request, Action.CREATED, item.checklist.profile.user_id, "checklist_document", document.pk)
        return Response(ChecklistDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class _AnyContent(BaseContentNegotiation):
    """Downloads answer whatever the client's Accept header says (errors are still JSON)."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


class DocumentDetailApi(APIView):
    """Download (as an attachment, never cached) or delete one document."""

    permission_classes = [EDITORS]
    content_negotiation_class = _AnyContent

    def _document(self, request: Request, pk: int) -> ChecklistDocument:
        return get_object_or_404(
            selectors.documents_visible_to(current_user(request)).select_related("item__checklist__profile"),
            pk=pk,
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> FileResponse:
        document = self._document(request, pk)
        owner = document.item.checklist.profile.user_id
        _audit(request, Action.DOWNLOADED, owner, "checklist_document", document.pk)
        return private_file_response(
            document.file, filename=document.original_name, content_type=document.content_type
        )

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        document = self._document(request, pk)
        _audit(request, Action.CHANGED, document.item.checklist.profile.user_id, "checklist_document", pk)
        services.document_delete(document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)


BOARD_PARAMS = [
    OpenApiParameter("status", str, enum=list(selectors.BOARD_STATUSES)),
    OpenApiParameter("municipality", str),
    OpenApiParameter("team", int),
    OpenApiParameter("q", str, description="Part of a name or e-mail address."),
]


def _board(request: Request) -> QuerySet[NewcomerProfile]:
    params = request.query_params
    fields: dict[str, list[str]] = {}
    board_status = params.get("status", "")
    if board_status and board_status not in selectors.BOARD_STATUSES:
        fields["status"] = [
            gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(selectors.BOARD_STATUSES)}
        ]
    team = params.get("team", "")
    if team and not (team.isascii() and team.isdigit()):
        fields["team"] = [gettext("Not a number.")]
    municipality = params.get("municipality", "").strip().lower()
    if len(municipality) > 80:
        fields["municipality"] = [gettext("At most 80 characters.")]
    search = params.get("q", "").strip()[:100]
    for name, value in (("municipality", municipality), ("q", search)):
        if "\x00" in value:  # PostgreSQL text cannot hold it
            fields[name] = [gettext("Contains a NUL character.")]
    if fields:
        raise ApiError(gettext("Some filters are not valid."), fields=fields)
    return selectors.board(
        current_user(request),
        today=selectors.board_today(),
        status=board_status,
        municipality=municipality,
        team=int(team) if team else None,
        search=search,
    )


class BoardApi(generics.ListAPIView[NewcomerProfile]):
    """HR's board: every newcomer's housing and school status, filterable."""

    permission_classes = [BOARD]
    serializer_class = ChecklistBoardRowSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        return _board(self.request)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        audit_record_many(
            actor=current_user(self.request),
            action=Action.VIEWED,
            entries=[(profile.user_id, "checklist_board_row", profile.pk) for profile in page or []],
        )
        return page

    @extend_schema(parameters=BOARD_PARAMS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


CSV_COLUMNS = [
    "name", "email", "team", "municipality", "arrival_on", "tenure", "housing", "school",
    "children_to_enrol", "open_items", "done_items", "overdue_items",
]  # fmt: skip


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


class BoardExportApi(APIView):
    """The board as CSV, streamed row by row (one query, however many newcomers)."""

    permission_classes = [BOARD]
    content_negotiation_class = _AnyContent

    @extend_schema(parameters=BOARD_PARAMS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request) -> StreamingHttpResponse:
        profiles = _board(request)
        actor = current_user(request)
        writer = csv.writer(_Echo())

        def rows() -> Iterator[str]:
            yield writer.writerow(CSV_COLUMNS)
            downloaded: list[tuple[User | int, str, object]] = []
            for p in profiles.iterator(chunk_size=500):
                downloaded.append((p.user_id, "checklist_board_row", p.pk))
                if len(downloaded) >= 500:
                    audit_record_many(actor=actor, action=Action.DOWNLOADED, entries=downloaded)
                    downloaded = []
                user: User = p.user
                yield writer.writerow(
                    [_cell(v) for v in (
                        user.full_name, user.email, p.team.name if p.team else "", p.municipality,
                        p.arrival_on.isoformat() if p.arrival_on else "", p.tenure, housing_state(p),
                        school_state(p), p.enrolment_open, p.open_items, p.done_items, p.overdue_items,  # type: ignore[attr-defined]
                    )]
                )  # fmt: skip
            audit_record_many(actor=actor, action=Action.DOWNLOADED, entries=downloaded)

        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="checklists-board-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


class MunicipalityListApi(APIView):
    """HR: the municipalities the content knows, for the profile form's picker (free entry stays possible)."""

    permission_classes = [BOARD]

    @extend_schema(
        responses={200: MunicipalityChoiceSerializer(many=True)}, operation_id="checklists_municipalities"
    )
    def get(self, request: Request) -> Response:
        return Response(MunicipalityChoiceSerializer(selectors.municipalities(), many=True).data)
