"""One error shape for the whole API: ``{"code", "detail", "fields"}``.

``code`` is stable and machine-readable, ``detail`` is a sentence for people, ``fields`` maps each
invalid field to its messages (empty when the error is not about one field).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# Every ``code`` the API answers with (an enum in the OpenAPI schema, ``ErrorCode``): the client
# shows its own text for the codes it knows and the server's ``detail`` (in the reader's language)
# for the others. tests/api/test_error_codes.py checks that every code raised is listed here.
ERROR_CODES: tuple[str, ...] = (
    # Shapes shared by every endpoint
    "invalid", "bad_request", "parse_error", "not_authenticated", "authentication_failed",
    "permission_denied", "not_found", "method_not_allowed", "not_acceptable", "unsupported_media_type",
    "rate_limited", "csrf_failed", "request_too_large", "too_many_fields", "wrong_type", "server_error",
    "error", "conflict", "too_large", "already_exists", "exists", "read_only", "deleted", "retired",
    "not_allowed", "idempotency_key_reused",
    # Accounts, log-in and two-factor
    "already_registered", "address_in_use", "invitation_invalid", "invitation_used", "invitation_revoked",
    "invitation_expired", "invalid_credentials", "reset_link_invalid", "locked_out", "no_organisation",
    "otp_required", "otp_invalid", "otp_throttled", "otp_not_started", "otp_not_enrolled",
    "two_factor_required", "secret_shown_once", "password_login_disabled", "no_provider",
    # Journeys, checklists, modules, language
    "not_planned", "not_open", "blocked", "bsn_not_allowed", "quiz_unanswered", "quiz_not_passed",
    "infeasible", "already_enrolled",
    # Chat, push, privacy
    "not_member", "push_disabled", "push_endpoint_in_use", "export_in_progress", "export_not_available",
    "already_erased", "confirmation_mismatch",
    # Translation service
    "unsupported_language", "missing_pair", "limit_exceeded", "invalid_api_key", "engine_unavailable",
    "index_unavailable",
    # Arrivals import (whole-file refusals are arrivals_<reason>, see arrivals.messages.FILE_MESSAGES)
    "arrivals_has_errors", "arrivals_not_in_preview", "arrivals_nothing_to_import",
)  # fmt: skip


class ApiError(exceptions.APIException):
    """An error raised by a service: a code, a sentence and optionally the fields it concerns."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(
        self,
        detail: str,
        *,
        code: str = "invalid",
        fields: dict[str, Any] | None = None,
        status_code: int = 400,
    ) -> None:
        super().__init__(detail=detail, code=code)
        self.code = code
        self.fields = fields or {}
        self.status_code = status_code


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def error_body(code: str, detail: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "detail": detail, "fields": fields or {}}


def too_large_detail() -> str:
    return _("The request is too large.")


def too_many_parts_detail() -> str:
    return _("The request has too many fields or files.")


def body_error(exc: Exception) -> tuple[int, str, str] | None:
    """(status, code, detail) for a body Django refused to read, None for any other error."""
    if isinstance(exc, RequestDataTooBig):
        return 413, "request_too_large", too_large_detail()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return 400, "too_many_fields", too_many_parts_detail()
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    refused = body_error(exc)
    if refused is not None:
        status_code, code, detail = refused
        return Response(error_body(code, detail), status=status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApiError):
        return Response(error_body(exc.code, str(exc.detail), exc.fields), status=exc.status_code)

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail) if isinstance(exc.detail, dict) else {}
        general = fields.pop("non_field_errors", None) if isinstance(fields, dict) else None
        if general:
            detail = " ".join(general)
        elif isinstance(exc.detail, list):
            detail = " ".join(str(item) for item in exc.detail)
        else:
            names = ", ".join(sorted(fields))
            detail = (
                _("Please correct these fields: %(names)s.") % {"names": names}
                if names
                else _("The request is not valid.")
            )
        return Response(error_body("invalid", detail, fields), status=status.HTTP_400_BAD_REQUEST)

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in API view", exc_info=exc)
        return Response(
            error_body("server_error", _("Something went wrong on our side. Please try again later.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = str(getattr(exc, "detail", "")) or _("Request failed.")
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.PermissionDenied) and detail.startswith("CSRF Failed"):
        code = "csrf_failed"
        detail = csrf_detail()
    elif isinstance(exc, exceptions.NotAuthenticated):
        detail = _("Please log in first.")
    elif isinstance(exc, exceptions.NotFound):
        detail = _("Not found.")
    elif isinstance(exc, exceptions.Throttled):
        code = "rate_limited"
        wait = int(getattr(exc, "wait", 0) or 0)
        detail = (
            ngettext(
                "Too many requests. Try again in %(seconds)s second.",
                "Too many requests. Try again in %(seconds)s seconds.",
                wait,
            )
            % {"seconds": wait}
            if wait
            else _("Too many requests.")
        )
    response.data = error_body(code, detail)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    """Django's CSRF failure view, answering in the API's error shape."""
    return JsonResponse(error_body("csrf_failed", csrf_detail()), status=403)


def csrf_detail() -> str:
    return _("Your session's security token is missing or out of date. Reload the page and try again.")


# --- Django's own error views (errors raised outside DRF views, e.g. while a middleware reads the
# body), answering in the caller's shape: the API's on /api/, LibreTranslate's on its paths. ---

LIBRETRANSLATE_PATHS = ("/translate", "/detect", "/languages", "/frontend/settings")


def _shape(request: HttpRequest) -> str:
    path = request.path_info
    if path.startswith("/api/"):
        return "api"
    if path.rstrip("/") in LIBRETRANSLATE_PATHS:
        return "libretranslate"
    return "page"


def _json(request: HttpRequest, status_code: int, code: str, detail: str) -> JsonResponse:
    if _shape(request) == "libretranslate":
        return JsonResponse({"error": detail}, status=status_code)
    return JsonResponse(error_body(code, detail), status=status_code)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body too large is a 413; the API and LibreTranslate answer JSON."""
    refused = body_error(exception)
    status_code, code, detail = refused or (400, "bad_request", _("The request is not valid."))
    if _shape(request) != "page":
        return _json(request, status_code, code, detail)
    response = defaults.bad_request(request, exception)
    response.status_code = status_code
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the API and LibreTranslate answer JSON, pages Django's plain error page."""
    if _shape(request) != "page":
        return _json(
            request, 500, "server_error", _("Something went wrong on our side. Please try again later.")
        )
    return defaults.server_error(request)
