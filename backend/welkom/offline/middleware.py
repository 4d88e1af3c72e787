"""``Idempotency-Key`` for unsafe API requests of a logged-in user (see models.IdempotencyRecord).

The request and the stored record share one database transaction. A second request with the same
key waits on the unique index until the first one commits, then gets the first answer back. A
response that says "try again" (401, 403, 429, 5xx) is not kept, so the retry really runs again.

An answer that carries a secret shown only once (a new API key, a secret calendar address, an
authenticator secret: views mark it with ``shown_once``) is not kept either: the record remembers
that the action ran, and a repeat of the key is refused with ``secret_shown_once`` (409) rather than
showing the secret again or running the action twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from welkom.core.errors import error_body
from welkom.offline.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
NOT_KEPT = {401, 403, 429}
SECRET_ATTRIBUTE = "welkom_shown_once"
AnyResponse = TypeVar("AnyResponse", bound=HttpResponse)


def shown_once(response: AnyResponse) -> AnyResponse:
    """Marks an answer that carries a secret shown only once: never cached, never stored."""
    setattr(response, SECRET_ATTRIBUTE, True)
    response["Cache-Control"] = "no-store"
    return response


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() if request.method else b"")
    digest.update(b"\0" + request.path.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status_code, content_type=record.content_type or None)
    if not record.content_type:
        del response["Content-Type"]  # as in the first answer: DRF sends none with a 204
    response[REPLAYED_HEADER] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        user = getattr(request, "user", None)
        if (
            key is None
            or request.method not in UNSAFE_METHODS
            or not request.path.startswith("/api/")
            or user is None
            or not user.is_authenticated
        ):
            return self.get_response(request)
        if not KEY_PATTERN.match(key):
            body = error_body(
                "invalid",
                _("The Idempotency-Key header is not valid."),
                {HEADER: [_("Use 8 to 100 letters, digits, '-' or '_'.")]},
            )
            return JsonResponse(body, status=400)
        fingerprint = _fingerprint(request)

        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is not None:
            return self._answer_repeat(existing, fingerprint)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    method=request.method or "",
                    path=request.path[:500],
                    fingerprint=fingerprint,
                    status_code=0,
                )
                response = self.get_response(request)
                if response.status_code >= 500 or response.status_code in NOT_KEPT or response.streaming:
                    transaction.set_rollback(True)
                    return response
                record.status_code = response.status_code
                if getattr(response, SECRET_ATTRIBUTE, False):
                    record.secret_withheld = True  # the action ran; its answer is not kept
                else:
                    record.content_type = response.get("Content-Type", "")
                    record.body = response.content.decode("utf-8", errors="replace")
                record.save(update_fields=["status_code", "content_type", "body", "secret_withheld"])
                return response
        except IntegrityError:
            # Another request with this key committed first (we waited for it on the unique index).
            existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if existing is None:
                raise
            return self._answer_repeat(existing, fingerprint)

    @staticmethod
    def _answer_repeat(record: IdempotencyRecord, fingerprint: str) -> HttpResponse:
        if record.fingerprint != fingerprint:
            body = error_body(
                "idempotency_key_reused",
                _("This Idempotency-Key was already used for a different request."),
                {HEADER: [_("Make a new key for each action.")]},
            )
            return JsonResponse(body, status=422)
        if record.secret_withheld:
            body = error_body(
                "secret_shown_once",
                _(
                    "This was already done, and its answer held a secret that is shown only once, "
                    "so it cannot be shown again. If you did not see it, make a new one."
                ),
            )
            response = JsonResponse(body, status=409)
            response[REPLAYED_HEADER] = "true"
            return response
        return _replay(record)
