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
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


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
            detail = f"Please correct these fields: {names}." if names else "The request is not valid."
        return Response(error_body("invalid", detail, fields), status=status.HTTP_400_BAD_REQUEST)

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in API view", exc_info=exc)
        return Response(
            error_body("server_error", "Something went wrong on our side. Please try again later."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = str(getattr(exc, "detail", "")) or "Request failed."
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.PermissionDenied) and detail.startswith("CSRF Failed"):
        code = "csrf_failed"
        detail = "Your session's security token is missing or out of date. Reload the page and try again."
    elif isinstance(exc, exceptions.NotAuthenticated):
        detail = "Please log in first."
    elif isinstance(exc, exceptions.NotFound):
        detail = "Not found."
    elif isinstance(exc, exceptions.Throttled):
        code = "rate_limited"
        wait = int(getattr(exc, "wait", 0) or 0)
        detail = f"Too many requests. Try again in {wait} seconds." if wait else "Too many requests."
    response.data = error_body(code, detail)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    """Django's CSRF failure view, answering in the API's error shape."""
    body = error_body(
        "csrf_failed",
        "Your session's security token is missing or out of date. Reload the page and try again.",
    )
    return JsonResponse(body, status=403)


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
