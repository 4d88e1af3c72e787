"""A request id that follows one action from the web request into every task it queues.

The middleware takes a well-formed ``X-Request-ID`` from the reverse proxy or makes one, answers
with it, and keeps it in a context variable for the request. Every log record gets it as
``request_id`` (a log record factory, so any handler sees it); a task queued while it is set carries
it in a message header, and the worker sets it again while the task runs. Log lines hold ids and
event names only: no personal data and no message text."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "welkom_request_id"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
current: ContextVar[str] = ContextVar("welkom_request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _WELL_FORMED.match(given) else uuid.uuid4().hex
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request_id
        return response


def install_record_factory() -> None:
    """Give every log record a ``request_id`` attribute ("" outside a request or task)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "welkom_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return record

    factory.welkom_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class RequestIdFilter(logging.Filter):
    """For the console handler: a record made before the factory was installed gets one too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True
