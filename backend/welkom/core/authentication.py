from __future__ import annotations

from typing import Any

from rest_framework import authentication
from rest_framework.request import Request, is_form_media_type


class SessionAuthentication(authentication.SessionAuthentication):
    """Session authentication that checks CSRF on every unsafe request, logged in or not.

    DRF's own class only checks CSRF for logged-in users, which would leave the login and
    invitation forms open to login CSRF. It also answers 401 (not 403) when nobody is logged in.
    """

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        self.enforce_csrf(request)
        if not user or not user.is_active:
            return None
        return (user, None)

    def enforce_csrf(self, request: Request) -> None:
        # Django's check looks for a token in a form body. Any other body is left to the view, which
        # parses it after the permission checks: a body the view cannot read is a 415 for people
        # allowed to send it, never an answer to anonymous callers or to roles that may not post.
        checked = request if is_form_media_type(request.content_type) else request._request
        super().enforce_csrf(checked)  # type: ignore[arg-type]  # Django's check takes either

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="welkom"'
