"""Role checks. Tenant scoping is done by selectors (welkom.core.tenancy); roles are checked here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from welkom.accounts.models import User


class HasRole(BasePermission):
    roles: tuple[str, ...] = ()
    message = _("Your role does not allow this.")  # rendered in the person's language when refused

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "role", None) in self.roles)


def roles(*allowed: str) -> type[HasRole]:
    """``permission_classes = [roles(Role.HR, Role.ADMIN)]``."""
    return type(HasRole.__name__, (HasRole,), {"roles": tuple(allowed)})  # its roles say which it is


def current_user(request: Request) -> User:
    """The logged-in person of a request that passed IsAuthenticated (typed for the selectors)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user
