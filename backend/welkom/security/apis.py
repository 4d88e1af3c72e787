from __future__ import annotations

from typing import Any

from django.contrib.auth import login as django_login
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role, User
from welkom.accounts.permissions import current_user, roles
from welkom.accounts.selectors import users_visible_to
from welkom.offline.middleware import shown_once
from welkom.security import services
from welkom.security.selectors import has_confirmed_device
from welkom.security.serializers import (
    OtpCodeSerializer,
    SecurityPolicySerializer,
    TwoFactorSetupSerializer,
    TwoFactorStatusSerializer,
)


def session_verified(user: Any) -> bool:
    return getattr(user, "otp_device", None) is not None


def two_factor_status(user: User) -> dict[str, bool]:
    return {
        "required": services.two_factor_required(user),
        "enrolled": has_confirmed_device(user.pk),
        "verified": session_verified(user),
    }


def _mark_verified(request: HttpRequest, user: User, device: Any) -> None:
    user.otp_device = device  # type: ignore[attr-defined]
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")


class TwoFactorApi(APIView):
    @extend_schema(responses={200: TwoFactorStatusSerializer}, operation_id="two_factor_status")
    def get(self, request: Request) -> Response:
        return Response(two_factor_status(current_user(request)))


class TwoFactorSetupApi(APIView):
    @extend_schema(request=None, responses={200: TwoFactorSetupSerializer}, operation_id="two_factor_setup")
    def post(self, request: Request) -> Response:
        user = current_user(request)
        data = services.enrolment_start(user=user, session_verified=session_verified(user))
        return shown_once(Response(TwoFactorSetupSerializer(data).data))


# Takes a code from the person's authenticator app; a good code marks this session verified.
# Subclasses say which service checks the code. (Comments, not docstrings: a view's docstring becomes
# its operation's description in the API schema.)
class _OtpCodeApi(APIView):
    def check_code(self, *, user: User, otp_code: str) -> Any:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = OtpCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        device = self.check_code(user=user, otp_code=serializer.validated_data["otp_code"])
        _mark_verified(request._request, user, device)
        return Response(two_factor_status(user))


def _otp_schema(operation_id: str) -> Any:
    return extend_schema_view(
        post=extend_schema(
            request=OtpCodeSerializer, responses={200: TwoFactorStatusSerializer}, operation_id=operation_id
        )
    )


@_otp_schema("two_factor_confirm")
class TwoFactorConfirmApi(_OtpCodeApi):
    # The first code from a new authenticator app ends enrolment.

    def check_code(self, *, user: User, otp_code: str) -> Any:
        return services.enrolment_confirm(user=user, otp_code=otp_code)


@_otp_schema("two_factor_verify")
class TwoFactorVerifyApi(_OtpCodeApi):
    # A code from the enrolled app verifies this session.

    def check_code(self, *, user: User, otp_code: str) -> Any:
        return services.session_verify(user=user, otp_code=otp_code)


class TwoFactorResetApi(APIView):
    """An admin removes a person's authenticator app (lost phone)."""

    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(request=None, responses={204: None}, operation_id="two_factor_reset")
    def post(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(users_visible_to(current_user(request)), pk=pk)
        services.two_factor_reset(user=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecurityPolicyApi(APIView):
    def get_permissions(self):  # type: ignore[no-untyped-def,unused-ignore]
        if self.request.method == "PATCH":
            return [roles(Role.ADMIN)()]
        return [roles(Role.HR, Role.ADMIN)()]

    @extend_schema(responses={200: SecurityPolicySerializer}, operation_id="security_policy_retrieve")
    def get(self, request: Request) -> Response:
        user = current_user(request)
        return Response({"require_two_factor": services.policy_requires_two_factor(user.organisation_id)})

    @extend_schema(
        request=SecurityPolicySerializer,
        responses={200: SecurityPolicySerializer},
        operation_id="security_policy_update",
    )
    def patch(self, request: Request) -> Response:
        user = current_user(request)
        serializer = SecurityPolicySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert user.organisation is not None
        policy = services.policy_update(
            organisation=user.organisation, require_two_factor=serializer.validated_data["require_two_factor"]
        )
        return Response({"require_two_factor": policy.require_two_factor})
