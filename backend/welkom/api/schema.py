"""Teaches drf-spectacular about Welkom's session authentication (imported in ApiConfig.ready), and
adds the error body every endpoint answers with (``ApiError``, its ``code`` an enum)."""

from typing import Any

from drf_spectacular.authentication import SessionScheme


class WelkomSessionScheme(SessionScheme):
    target_class = "welkom.core.authentication.SessionAuthentication"


class LibreTranslateSessionScheme(SessionScheme):
    """The LibreTranslate-style endpoints: the session, or an ``api_key`` in the body."""

    target_class = "welkom.translation.libretranslate._SessionUser"
    name = "libretranslateSession"


def error_codes() -> list[str]:
    """Every error code: the API's own and the arrivals import's whole-file refusals."""
    from welkom.arrivals.messages import FILE_MESSAGES
    from welkom.core.errors import ERROR_CODES

    return sorted({*ERROR_CODES, *(f"arrivals_{code}" for code in FILE_MESSAGES)})


def add_error_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A postprocessing hook: the components ``ErrorCodeEnum`` and ``ApiError`` (code, detail in the
    reader's language, fields mapping each invalid field to its messages)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorCodeEnum"] = {"enum": error_codes(), "type": "string"}
    schemas["ApiError"] = {
        "type": "object",
        "description": "The body of every error answer.",
        "properties": {
            "code": {"$ref": "#/components/schemas/ErrorCodeEnum"},
            "detail": {"type": "string", "description": "A sentence in the language of the person asking."},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["code", "detail", "fields"],
    }
    return result
