from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts import selectors, services
from welkom.accounts.models import Invitation, Role, Team, User
from welkom.accounts.permissions import current_user, roles
from welkom.accounts.serializers import (
    InvitationCreateSerializer,
    InvitationPreviewSerializer,
    InvitationSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    TeamMemberWriteSerializer,
    TeamSerializer,
    TeamWriteSerializer,
    UserSerializer,
)
from welkom.core.errors import ApiError, error_body
from welkom.core.throttling import ScopedRateThrottle


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """django-axes calls this once an address is locked out after repeated failed logins."""
    from django.conf import settings

    minutes = int(float(settings.AXES_COOLOFF_TIME) * 60)
    body = error_body(
        "locked_out",
        ngettext(
            "Too many failed logins. This account is locked for %(minutes)s minute; "
            "wait, or reset your password.",
            "Too many failed logins. This account is locked for %(minutes)s minutes; "
            "wait, or reset your password.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return JsonResponse(body, status=429)


class LogoutApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, operation_id="auth_logout")
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# One step of resetting a forgotten password: anyone may call it, throttled together. Subclasses
# name the serializer, the service that takes its data and the status of a success. (Comments, not
# docstrings: a view's docstring becomes its operation's description in the API schema.)
class _PasswordResetStepApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"
    serializer_class: type[serializers.Serializer[Any]]
    success_status: int

    def act(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.act(serializer.validated_data)
        return Response(status=self.success_status)


@extend_schema_view(
    post=extend_schema(
        request=PasswordResetRequestSerializer, responses={202: None}, operation_id="password_reset"
    )
)
class PasswordResetRequestApi(_PasswordResetStepApi):
    serializer_class = PasswordResetRequestSerializer
    success_status = status.HTTP_202_ACCEPTED

    def act(self, data: dict[str, Any]) -> None:
        services.password_reset_request(email=data["email"])


@extend_schema_view(
    post=extend_schema(
        request=PasswordResetConfirmSerializer, responses={204: None}, operation_id="password_reset_confirm"
    )
)
class PasswordResetConfirmApi(_PasswordResetStepApi):
    serializer_class = PasswordResetConfirmSerializer
    success_status = status.HTTP_204_NO_CONTENT

    def act(self, data: dict[str, Any]) -> None:
        services.password_reset_confirm(**data)


# --- People and teams -------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("role", OpenApiTypes.STR, enum=Role.values, description="Only this role."),
            OpenApiParameter(
                "search", OpenApiTypes.STR, description="Part of the name or e-mail address (at most 100)."
            ),
        ]
    )
)
class UserListApi(generics.ListAPIView[User]):
    permission_classes = [roles(Role.HR, Role.ADMIN, Role.TEAM_LEAD)]
    serializer_class = UserSerializer

    def get_queryset(self) -> QuerySet[User]:
        people = selectors.users_visible_to(current_user(self.request))
        search = self.request.query_params.get("search", "").strip()
        if search:
            if len(search) > 100 or "\x00" in search:
                raise ApiError(
                    gettext("Invalid search."),
                    fields={"search": [gettext("At most 100 characters, no NUL bytes.")]},
                )
            people = selectors.users_matching(people, search)
        role = self.request.query_params.get("role")
        if role:
            if role not in Role.values:
                raise ApiError(
                    gettext("Unknown role."),
                    fields={
                        "role": [gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(Role.values)}]
                    },
                )
            people = people.filter(role=role)
        return people


class UserDetailApi(generics.RetrieveAPIView[User]):
    permission_classes = [roles(Role.HR, Role.ADMIN, Role.TEAM_LEAD)]
    serializer_class = UserSerializer

    def get_queryset(self) -> QuerySet[User]:
        return selectors.users_visible_to(current_user(self.request))


class TeamListApi(generics.ListAPIView[Any]):
    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        return selectors.teams_visible_to(current_user(self.request))

    def get_permissions(self):
        if self.request.method == "POST":
            return [roles(Role.HR, Role.ADMIN)()]
        return super().get_permissions()

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamSerializer})
    def post(self, request: Request) -> Response:
        serializer = TeamWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead_id = serializer.validated_data.get("lead")
        lead = (
            get_object_or_404(selectors.users_visible_to(current_user(request)), pk=lead_id)
            if lead_id
            else None
        )
        team = services.team_create(
            organisation=current_user(request).organisation,  # type: ignore[arg-type]
            name=serializer.validated_data["name"],
            lead=lead,
        )
        team = selectors.teams_visible_to(current_user(request)).get(pk=team.pk)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailApi(generics.RetrieveAPIView[Any]):
    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        return selectors.teams_visible_to(current_user(self.request))


class TeamMemberApi(APIView):
    permission_classes = [roles(Role.HR, Role.ADMIN)]

    @extend_schema(
        request=TeamMemberWriteSerializer, responses={201: TeamSerializer}, operation_id="team_members_add"
    )
    def post(self, request: Request, pk: int) -> Response:
        team = get_object_or_404(selectors.teams_visible_to(current_user(request)), pk=pk)
        serializer = TeamMemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = get_object_or_404(
            selectors.users_visible_to(current_user(request)), pk=serializer.validated_data["user"]
        )
        services.team_member_add(team=team, user=person)
        team = selectors.teams_visible_to(current_user(request)).get(pk=team.pk)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamMemberDetailApi(APIView):
    permission_classes = [roles(Role.HR, Role.ADMIN)]

    @extend_schema(responses={204: None}, operation_id="team_members_remove")
    def delete(self, request: Request, pk: int, user_id: int) -> Response:
        team = get_object_or_404(selectors.teams_visible_to(current_user(request)), pk=pk)
        person = get_object_or_404(selectors.users_visible_to(current_user(request)), pk=user_id)
        services.team_member_remove(team=team, user=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Invitations --------------------------------------------------------------------------------


class InvitationListApi(generics.ListAPIView[Any]):
    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        return selectors.invitations_visible_to(current_user(self.request))

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def post(self, request: Request) -> Response:
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team_id = data.pop("team", None)
        team = (
            get_object_or_404(selectors.teams_visible_to(current_user(request)), pk=team_id)
            if team_id
            else None
        )
        invitation = services.invitation_create(invited_by=current_user(request), team=team, **data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(generics.RetrieveAPIView[Any]):
    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        return selectors.invitations_visible_to(current_user(self.request))

    @extend_schema(responses={200: InvitationSerializer}, operation_id="invitations_revoke")
    def delete(self, request: Request, pk: int) -> Response:
        invitation = self.get_object()
        invitation = services.invitation_revoke(invitation=invitation)
        return Response(InvitationSerializer(invitation).data)


class InvitationPreviewApi(APIView):
    """What an invitation link is for, shown before the person chooses a password."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "invitation"

    @extend_schema(responses={200: InvitationPreviewSerializer}, operation_id="invitation_preview")
    def get(self, request: Request, token: str) -> Response:
        invitation = services.invitation_from_token(token)
        data = {
            "email": invitation.email,
            "full_name": invitation.user.full_name,
            "organisation": invitation.organisation.name,
            "expires_at": invitation.expires_at,
        }
        return Response(InvitationPreviewSerializer(data).data)
