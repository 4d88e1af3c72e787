"""The API's parsers: JSON with a bounded nesting depth, and multipart that answers 413 when an
upload passed its endpoint's limit (welkom.core.uploads). Neither imports welkom.core.errors at
module level: DRF's settings import this module, and that module imports DRF's views.

JSON bodies with a bounded nesting depth:

Python's JSON decoder recurses once per level: a body of 20,000 ``[`` exhausts the stack
(RecursionError, a 500), and a body that just fits could still make later code recurse too deeply.
No Welkom request is more than a few levels deep, so anything deeper than MAX_DEPTH is a 400.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from welkom.core.uploads import megabytes_text, upload_refused

MAX_DEPTH = 32


def nesting_depth(data: Any, *, limit: int) -> int:
    """How deeply lists and objects nest in ``data`` (0 for a plain value), counting without
    recursion and stopping once ``limit`` is passed."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        pending.extend((child, depth) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = nesting_depth(data, limit=MAX_DEPTH) > MAX_DEPTH
        if too_deep:
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}
            )
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        request = (parser_context or {}).get("request")
        django_request = getattr(request, "_request", request)
        refused = upload_refused(django_request)
        if refused:
            from welkom.core.errors import ApiError, too_large_detail  # not at import: see above

            if not refused["field"] and not hasattr(django_request, "upload_max_bytes"):
                # Refused by its length at an endpoint that takes no file: the body is too large.
                raise ApiError(too_large_detail(), code="request_too_large", status_code=413)
            size = megabytes_text(refused["limit"])
            message = _("The file is too large: at most %(size)s MB.") % {"size": size}
            raise ApiError(
                _("The upload is too large."),
                code="too_large",
                fields={refused["field"] or "file": [message]},
                status_code=413,
            )
        return parsed
