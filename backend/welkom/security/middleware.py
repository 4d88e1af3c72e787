"""A person who must use two factors reaches nothing but enrolment until their session is verified."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from welkom.api.errors import error_body
from welkom.security.services import two_factor_required

ALLOWED = {
    "me",
    "auth-login",
    "auth-logout",
    "two-factor",
    "two-factor-setup",
    "two-factor-confirm",
    "two-factor-verify",
    "health",
    "logout",
}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/api/", "/admin/")) and self._blocked(request):
            return JsonResponse(
                error_body(
                    "two_factor_required",
                    "Your organisation requires two-factor authentication. "
                    "Set up your authenticator app or enter its code first.",
                ),
                status=403,
            )
        return self.get_response(request)

    def _blocked(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not two_factor_required(user):
            return False
        if getattr(user, "otp_device", None) is not None:  # verified with a code (django-otp)
            return False
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return False
        return name not in ALLOWED
