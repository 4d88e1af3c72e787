from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.core.errors import ApiError
from welkom.core.throttling import ScopedRateThrottle
from welkom.sso import flow, selectors, services
from welkom.sso.flow import SignInRefused
from welkom.sso.serializers import (
    DiscoverResultSerializer,
    DiscoverSerializer,
    LogoutTokenSerializer,
    ProviderSerializer,
    ProviderWriteSerializer,
)

log = logging.getLogger(__name__)


def _start_url(email: str) -> str:
    return "/api/auth/sso/start?" + urlencode({"email": email})


def _refused(refusal: SignInRefused) -> HttpResponseRedirect:
    """Back to the login page, which says in the reader's language what went wrong."""
    services.sign_in_refused_record(refusal)
    log.info("sign-in through identity provider refused: %s", refusal.reason)
    return HttpResponseRedirect("/login?" + urlencode({"sso_error": refusal.reason}))


class DiscoverApi(APIView):
    """Which provider, if any, the organisation of this address signs in with."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=DiscoverSerializer, responses={200: DiscoverResultSerializer}, operation_id="sso_discover"
    )
    def post(self, request: Request) -> Response:
        serializer = DiscoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        provider = selectors.provider_for_email(email)
        data = {
            "provider": {"name": provider.name, "start_url": _start_url(email)} if provider else None,
            "password_login": provider is None or provider.password_login_allowed,
        }
        return Response(DiscoverResultSerializer(data).data)


class StartApi(APIView):
    """Sends the browser to the provider of the address's organisation."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        parameters=[OpenApiParameter("email", OpenApiTypes.EMAIL, required=True)],
        responses={302: OpenApiResponse(description="To the provider, or back to /login?sso_error=…")},
        operation_id="sso_start",
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        serializer = DiscoverSerializer(data={"email": request.query_params.get("email", "")})
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        provider = selectors.provider_for_email(email)
        try:
            if provider is None:
                raise SignInRefused("no_provider")
            return HttpResponseRedirect(
                flow.sign_in_start(session=request.session, provider=provider, email=email)
            )
        except SignInRefused as refusal:
            return _refused(refusal)


class CallbackApi(APIView):
    """Where the provider sends the browser back (the redirect URI registered there)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR),
            OpenApiParameter("state", OpenApiTypes.STR),
            OpenApiParameter("error", OpenApiTypes.STR),
        ],
        responses={
            302: OpenApiResponse(description="Signed in: to /. Refused: to /login?sso_error=<reason>.")
        },
        operation_id="sso_callback",
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        params = {key: str(request.query_params.get(key, ""))[:4000] for key in ("code", "state", "error")}
        try:
            identity = flow.sign_in_finish(session=request.session, params=params)
            services.sign_in(request=request._request, identity=identity)
        except SignInRefused as refusal:
            return _refused(refusal)
        return HttpResponseRedirect("/")


class BackchannelLogoutApi(APIView):
    """OpenID Connect Back-Channel Logout: the provider posts a signed logout token."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    parser_classes = [FormParser]

    @extend_schema(
        request={"application/x-www-form-urlencoded": LogoutTokenSerializer},
        responses={200: None},
        operation_id="sso_backchannel_logout",
    )
    def post(self, request: Request) -> Response:
        serializer = LogoutTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.backchannel_logout(logout_token=serializer.validated_data["logout_token"])
        except ValueError as error:
            log.info("logout token refused: %s", error)
            raise ApiError(
                gettext("The logout token is not valid."),
                fields={"logout_token": [gettext("Not a valid logout token from a known provider.")]},
            ) from error
        return Response(headers={"Cache-Control": "no-store"})


class ProviderSettingsSerializer(serializers.Serializer[Any]):
    provider = ProviderSerializer(allow_null=True)
    redirect_uri = serializers.CharField(help_text="Register this address at the provider.")
    backchannel_logout_uri = serializers.CharField()


def _settings(provider: Any) -> dict[str, Any]:
    return {
        "provider": ProviderSerializer.shape(provider) if provider is not None else None,
        "redirect_uri": flow.redirect_uri(),
        "backchannel_logout_uri": flow.backchannel_logout_uri(),
    }


class ProviderApi(APIView):
    """The organisation's identity provider: admins only."""

    permission_classes = [roles(Role.ADMIN)]

    @extend_schema(responses={200: ProviderSettingsSerializer}, operation_id="sso_provider_retrieve")
    def get(self, request: Request) -> Response:
        return Response(
            ProviderSettingsSerializer(_settings(selectors.provider_of(current_user(request)))).data
        )

    @extend_schema(
        request=ProviderWriteSerializer,
        responses={200: ProviderSettingsSerializer},
        operation_id="sso_provider_update",
    )
    def put(self, request: Request) -> Response:
        serializer = ProviderWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = current_user(request)
        assert user.organisation is not None
        services.provider_save(organisation=user.organisation, actor=user, **serializer.validated_data)
        return Response(ProviderSettingsSerializer(_settings(selectors.provider_of(user))).data)

    @extend_schema(responses={204: None}, operation_id="sso_provider_delete")
    def delete(self, request: Request) -> Response:
        provider = selectors.provider_of(current_user(request))
        if provider is not None:  # without one, sign-in through a provider is already off
            services.provider_delete(provider=provider, actor=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
