"""A person who must use two factors reaches nothing but enrolment until their session is verified.

Every path that serves data to a session is closed: /api/, LibreTranslate's /translate and /detect,
module pictures, the admin. What stays open is what an unverified person needs to finish logging
in: the app's HTML shell and its service worker and manifest (they hold no data), the few API
endpoints of enrolment and logging out, the admin's login page, and LibreTranslate's public lists.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from welkom.core.errors import error_body
from welkom.security.services import two_factor_required

# View names (namespaced) an unverified session may reach: of the API, the admin and the site root.
ALLOWED = {
    # API: who am I, log in and out, two-factor status and enrolment, health
    "me",
    "auth-login",
    "auth-logout",
    "two-factor",
    "two-factor-setup",
    "two-factor-confirm",
    "two-factor-verify",
    "health",
    # admin: its login page (which asks for the code) and logging out
    "admin:login",
    "admin:logout",
    # the browser app's shell and files (no data in them)
    "spa",
    "service-worker",
    "web-manifest",
    # LibreTranslate's public lists (anonymous callers get them too)
    "libretranslate-languages",
    "libretranslate-frontend-settings",
}
LIBRETRANSLATE_PATHS = ("/translate", "/detect")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._blocked(request):
            message = _(
                "Your organisation requires two-factor authentication. "
                "Set up your authenticator app or enter its code first."
            )
            if request.path_info.rstrip("/") in LIBRETRANSLATE_PATHS:
                return JsonResponse({"error": message}, status=403)
            return JsonResponse(error_body("two_factor_required", message), status=403)
        return self.get_response(request)

    def _blocked(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not two_factor_required(user):
            return False
        if getattr(user, "otp_device", None) is not None:  # verified with a code (django-otp)
            return False
        if request.path_info.startswith("/static/"):
            return False
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return True
        return name not in ALLOWED
