"""Teaches drf-spectacular about Welkom's session authentication (imported in ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme


class WelkomSessionScheme(SessionScheme):
    target_class = "welkom.api.authentication.SessionAuthentication"
