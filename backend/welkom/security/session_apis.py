"""The session's own endpoints: logging in (password, then the company's single sign-on rule and
the second factor), the logged-in person (``me``, with their two-factor state) and accepting an
invitation, which logs the person in. They live in ``security`` rather than ``accounts`` because
they need security's and sso's rules, and those apps build on accounts (no cycle between apps)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts import selectors, services
from welkom.accounts.models import User
from welkom.accounts.permissions import current_user
from welkom.accounts.serializers import (
    InvitationAcceptSerializer,
    LoginSerializer,
    MeUpdateSerializer,
    OrganisationSerializer,
    TeamSummarySerializer,
)
from welkom.core.errors import ApiError
from welkom.core.throttling import ScopedRateThrottle
from welkom.security.apis import two_factor_status
from welkom.security.services import login_second_factor
from welkom.sso.services import password_login_check


class TwoFactorSerializer(serializers.Serializer[Any]):
    required = serializers.BooleanField()  # type: ignore[assignment]
    enrolled = serializers.BooleanField()
    verified = serializers.BooleanField()


class MeSerializer(serializers.ModelSerializer[User]):
    organisation = OrganisationSerializer(read_only=True)
    teams = serializers.SerializerMethodField()
    two_factor = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "language",
            "time_zone",
            "organisation",
            "teams",
            "two_factor",
        ]

    def to_representation(self, instance: User) -> dict[str, Any]:
        return me_row(instance)

    @extend_schema_field(TwoFactorSerializer)
    def get_two_factor(self, user: User) -> dict[str, bool]:
        return two_factor_status(user)

    @extend_schema_field(TeamSummarySerializer(many=True))
    def get_teams(self, user: User) -> list[dict[str, Any]]:
        teams = self.context.get("teams", [])
        return TeamSummarySerializer(teams, many=True).data  # type: ignore[return-value]


def me_row(user: User) -> dict[str, Any]:
    """The person as MeSerializer's fields show them, built as a plain dict from three compiled
    reads (welkom.core.statements): DRF built a model serializer's fields anew for every answer, and
    Django the SQL of the organisation, teams and authenticator queries, most of what ``/api/me``
    cost beyond its queries. tests/security/test_me_row.py holds it to the fields' own answer."""
    organisation = None if user.organisation_id is None else selectors.organisation_row(user.organisation_id)
    return {
        "id": user.pk,
        "email": str(user.email),
        "full_name": str(user.full_name),
        "role": str(user.role),
        "language": str(user.language),
        "time_zone": str(user.time_zone),
        "organisation": None
        if organisation is None
        else {
            "id": organisation[0],
            "name": organisation[1],
            "slug": organisation[2],
            "default_language": organisation[3],
        },
        "teams": [{"id": pk, "name": name} for pk, name in selectors.user_team_rows(user)],
        "two_factor": two_factor_status(user),
    }


def _me_response(request: Request, user: User) -> Response:
    return Response(me_row(user))


class LoginApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=LoginSerializer, responses={200: MeSerializer}, operation_id="auth_login")
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            email=serializer.validated_data["email"].lower(),
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise ApiError(
                gettext("The e-mail address or password is not right."),
                code="invalid_credentials",
                fields={"password": [gettext("Check your e-mail address and password.")]},
            )
        password_login_check(user=user)

        device = login_second_factor(user=user, otp_code=serializer.validated_data.get("otp_code"))
        if device is not None:
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session verified
        login(request._request, user)
        return _me_response(request, user)


class MeApi(APIView):
    @extend_schema(responses={200: MeSerializer}, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        return _me_response(request, current_user(request))

    @extend_schema(request=MeUpdateSerializer, responses={200: MeSerializer}, operation_id="me_update")
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update_preferences(user=current_user(request), **serializer.validated_data)
        return _me_response(request, user)


class InvitationAcceptApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "invitation"

    @extend_schema(
        request=InvitationAcceptSerializer, responses={200: MeSerializer}, operation_id="invitation_accept"
    )
    def post(self, request: Request) -> Response:
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.invitation_accept(**serializer.validated_data)
        login(request._request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _me_response(request, user)
