"""Celery tasks by queue and outcome, and their run time, counted in the worker that runs them."""

from __future__ import annotations

import time
from typing import Any

from celery import signals

from welkom.monitoring.metrics import TASK_SECONDS, TASKS

_started: dict[str, float] = {}


def _queue(task: Any) -> str:
    info = getattr(task.request, "delivery_info", None) or {}
    return str(info.get("routing_key") or "default")


def _prerun(task_id: str = "", **kwargs: Any) -> None:
    _started[task_id] = time.perf_counter()


def _postrun(task_id: str = "", task: Any = None, state: str | None = None, **kwargs: Any) -> None:
    started = _started.pop(task_id, None)
    if task is None:
        return
    queue = _queue(task)
    TASKS.labels(queue, task.name, (state or "unknown").lower()).inc()
    if started is not None:
        TASK_SECONDS.labels(queue, task.name).observe(time.perf_counter() - started)


def connect() -> None:
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="welkom-metrics-prerun")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="welkom-metrics-postrun")
