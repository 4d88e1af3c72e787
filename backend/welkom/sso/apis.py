from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user
from django.http import HttpResponse, HttpResponseRedirect
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
    LinkSerializer,
    LinkStartSerializer,
    LogoutTokenSerializer,
    ProviderSerializer,
    ProviderWriteSerializer,
)

log = logging.getLogger(__name__)


def _start_url(email: str) -> str:
    return "/api/auth/sso/start?" + urlencode({"email": email})


def _refused(refusal: SignInRefused) -> HttpResponseRedirect:
    """Back to the login page (or, when linking an account, to the person's own page), which
    says in the reader's language what went wrong."""
    services.sign_in_refused_record(refusal)
    log.info("sign-in through identity provider refused: %s", refusal.reason)
    page = "/me" if refusal.linking else "/login"
    return HttpResponseRedirect(f"{page}?" + urlencode({"sso_error": refusal.reason}))


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
            302: OpenApiResponse(
                description="Signed in: to /. Refused: to /login?sso_error=<reason>. Linking an account: "
                "to /me?sso_linked=1, or /me?sso_error=<reason>."
            )
        },
        operation_id="sso_callback",
    )
    def get(self, request: Request) -> HttpResponseRedirect:
        params = {key: str(request.query_params.get(key, ""))[:4000] for key in ("code", "state", "error")}
        try:
            identity = flow.sign_in_finish(session=request.session, params=params)
            if identity.link_user_id is None:
                services.sign_in(request=request._request, identity=identity)
                return HttpResponseRedirect("/")
            # The view authenticates nobody (DRF's request.user is anonymous here): the session says.
            user = get_user(request._request)
            if not user.is_authenticated:  # signed out since the link was started
                refusal = SignInRefused("state_mismatch", provider=identity.provider)
                refusal.linking = True
                raise refusal
            try:
                services.link_create(user=user, identity=identity)
            except SignInRefused as refusal:
                refusal.linking = True
                raise
            return HttpResponseRedirect("/me?sso_linked=1")
        except SignInRefused as refusal:
            return _refused(refusal)


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


FRONTCHANNEL_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>Welkom</title></head><body></body></html>"
)


class FrontchannelLogoutApi(APIView):
    """OpenID Connect Front-Channel Logout 1.0: the provider's logout page loads this address in
    an iframe with ``iss`` and ``sid``; the Welkom sessions started in that provider session end.
    Only this answer may be framed, and only by the provider's own origin."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        parameters=[
            OpenApiParameter("iss", OpenApiTypes.URI, required=True, description="The provider's issuer."),
            OpenApiParameter(
                "sid", OpenApiTypes.STR, required=True, description="The provider's session id."
            ),
        ],
        responses={
            (200, "text/html"): OpenApiResponse(description="An empty page (the sessions ended, if any)."),
        },
        operation_id="sso_frontchannel_logout",
    )
    def get(self, request: Request) -> HttpResponse:
        issuer = str(request.query_params.get("iss", ""))[:300]
        sid = str(request.query_params.get("sid", ""))[:255]
        problems: dict[str, list[str]] = {}
        if not issuer:
            problems["iss"] = [gettext("The provider's issuer is missing.")]
        if not sid:
            problems["sid"] = [gettext("The provider's session id is missing.")]
        if problems:
            raise ApiError(gettext("This logout request names no provider session."), fields=problems)
        ended, origins = services.frontchannel_logout(issuer=issuer, sid=sid)
        if not origins:
            raise ApiError(
                gettext("This logout request names no provider session."),
                fields={"iss": [gettext("No organisation signs in with this issuer.")]},
            )
        log.info("front-channel logout ended %d session(s)", ended)
        response = HttpResponse(FRONTCHANNEL_PAGE, content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response.xframe_options_exempt = True  # CSP below says who may frame it
        response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
        return response


class LinkApi(APIView):
    """The person's own company account: link it (through the provider) or remove the link."""

    @extend_schema(responses={200: LinkSerializer}, operation_id="sso_link_retrieve")
    def get(self, request: Request) -> Response:
        user = current_user(request)
        provider = selectors.provider_of(user)
        link = selectors.link_of(user)
        data = {
            "provider": {"name": provider.name} if provider is not None else None,
            "link": {"linked_at": link.created_at, "last_sign_in_at": link.last_sign_in_at} if link else None,
        }
        return Response(LinkSerializer(data).data)

    @extend_schema(request=None, responses={200: LinkStartSerializer}, operation_id="sso_link_start")
    def post(self, request: Request) -> Response:
        """Starts linking (a POST with the CSRF token, so no other site can start it for you)."""
        url = services.link_start(request=request._request, user=current_user(request))
        return Response(LinkStartSerializer({"authorization_url": url}).data)

    @extend_schema(responses={204: None}, operation_id="sso_link_delete")
    def delete(self, request: Request) -> Response:
        services.link_delete(user=current_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderSettingsSerializer(serializers.Serializer[Any]):
    provider = ProviderSerializer(allow_null=True)
    redirect_uri = serializers.CharField(help_text="Register this address at the provider.")
    backchannel_logout_uri = serializers.CharField()
    frontchannel_logout_uri = serializers.CharField(
        help_text="For front-channel logout; register it with session required (iss and sid)."
    )


def _settings(provider: Any) -> dict[str, Any]:
    return {
        "provider": ProviderSerializer.shape(provider) if provider is not None else None,
        "redirect_uri": flow.redirect_uri(),
        "backchannel_logout_uri": flow.backchannel_logout_uri(),
        "frontchannel_logout_uri": flow.frontchannel_logout_uri(),
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
