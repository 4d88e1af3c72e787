"""Teaches drf-spectacular about Welkom's session authentication (imported in ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme


class WelkomSessionScheme(SessionScheme):
    target_class = "welkom.api.authentication.SessionAuthentication"


class LibreTranslateSessionScheme(SessionScheme):
    """The LibreTranslate-style endpoints: the session, or an ``api_key`` in the body."""

    target_class = "welkom.translation.libretranslate._SessionUser"
    name = "libretranslateSession"
