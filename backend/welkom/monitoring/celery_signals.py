"""Celery in the worker: tasks by queue and outcome with their run time (metrics), the request id
of whoever queued a task (welkom.monitoring.request_id), and one log line per finished task."""

from __future__ import annotations

import logging
import time
from contextvars import Token
from typing import Any

from celery import signals

from welkom.core.metrics import TASK_QUEUE_SECONDS, TASK_SECONDS, TASKS, task_queue_seconds
from welkom.monitoring import request_id

logger = logging.getLogger("welkom.tasks")
# When a task was sent (Unix time, in a message header): the worker works out how long it waited.
SENT_AT = "welkom_sent_at"
_running: dict[str, tuple[float, Token[str], Token[float | None]]] = {}


def _queue(task: Any) -> str:
    info = getattr(task.request, "delivery_info", None) or {}
    return str(info.get("routing_key") or "default")


def _publish(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if headers is None:
        return
    queued_by = request_id.current.get()
    if queued_by and not headers.get(request_id.HEADER):
        headers[request_id.HEADER] = queued_by
    # A duration between two processes needs the shared clock; a retry is sent again, anew.
    headers[SENT_AT] = time.time()


def _waited(task: Any) -> float | None:
    sent = getattr(task.request, SENT_AT, None)
    if not isinstance(sent, int | float):
        return None  # sent by something that does not stamp it (eager runs, old messages)
    return max(time.time() - float(sent), 0.0)


def _prerun(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    queued_by = str(getattr(task.request, request_id.HEADER, None) or "") if task is not None else ""
    waited = _waited(task) if task is not None else None
    if waited is not None:
        TASK_QUEUE_SECONDS.labels(_queue(task), task.name).observe(waited)
    _running[task_id] = (
        time.perf_counter(),
        request_id.current.set(queued_by),
        task_queue_seconds.set(waited),
    )


def _postrun(task_id: str = "", task: Any = None, state: str | None = None, **kwargs: Any) -> None:
    started, token, waited_token = _running.pop(task_id, (None, None, None))
    try:
        if task is None:
            return
        queue, outcome = _queue(task), (state or "unknown").lower()
        TASKS.labels(queue, task.name, outcome).inc()
        if started is not None:
            seconds = time.perf_counter() - started
            TASK_SECONDS.labels(queue, task.name).observe(seconds)
            logger.info(
                "task finished",
                extra={
                    "event": "task.finished",
                    "task": task.name,
                    "task_id": task_id,
                    "queue": queue,
                    "outcome": outcome,
                    "seconds": round(seconds, 3),
                },
            )
    finally:
        if token is not None:
            request_id.current.reset(token)
        if waited_token is not None:
            task_queue_seconds.reset(waited_token)


def connect() -> None:
    request_id.install_record_factory()
    signals.before_task_publish.connect(_publish, weak=False, dispatch_uid="welkom-request-id-publish")
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="welkom-metrics-prerun")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="welkom-metrics-postrun")
