"""The Django admin, opened to the people who review content.

Staff users work as usual. Besides them, people with the HR or admin role may sign in: they see only
what a ModelAdmin grants to content reviewers (``ContentReviewMixin``), such as reviewing and
approving machine-translated modules. Every other model still needs Django's own permissions.

The login form asks for the authenticator app's code when the person's organisation requires two
factors, like the app's own login: welkom.security installs that form (security/admin_login.py)
from its AppConfig.ready(), since core builds on no app. The session it opens is verified, so the
two-factor middleware lets it through.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

CONTENT_REVIEWER_ROLES = ("hr", "admin")


def is_content_reviewer(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) in CONTENT_REVIEWER_ROLES)


class WelkomAdminSite(admin.AdminSite):
    site_header = "Welkom administration"
    site_title = "Welkom"
    login_template = "admin/welkom_login.html"
    # welkom.security sets ``login_form`` in its AppConfig.ready() (it asks for the second factor)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) or is_content_reviewer(request)


class WelkomAdminConfig(AdminConfig):
    default_site = "welkom.core.admin_site.WelkomAdminSite"


class ContentReviewMixin:
    """For ModelAdmins of shared content that HR and admins review (view and change, no add/delete)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_content_reviewer(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_content_reviewer(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_content_reviewer(request) or super().has_change_permission(request, obj)  # type: ignore[misc]
