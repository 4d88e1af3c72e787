from __future__ import annotations

from typing import Any

from rest_framework import authentication
from rest_framework.request import Request


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

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="welkom"'
