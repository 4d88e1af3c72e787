"""Health of the parts Welkom depends on: the database, the broker and the workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from welkom.core.services import HEARTBEAT_KEY


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def health_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check(False, f"database unreachable: {exc.__class__.__name__}")
    return Check(True, connection.vendor)


def health_broker() -> Check:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return Check(False, f"broker unreachable: {exc.__class__.__name__}")
    return Check(True, str(transport))


def health_worker() -> Check:
    """A worker answers a ping, or (where the broker cannot broadcast) ran the beat heartbeat lately."""
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception:
        replies = []
    if replies:
        alive = Check(True, f"{len(replies)} worker(s) answered")
    else:
        last = cache.get(HEARTBEAT_KEY)
        if not last:
            return Check(False, "no worker answered")
        age = (timezone.now() - datetime.fromisoformat(last)).total_seconds()
        if age >= 150:
            return Check(False, f"no worker answered; last heartbeat {int(age)} s ago")
        alive = Check(True, f"heartbeat {int(age)} s ago")
    return health_queues() or alive


def health_queues() -> Check | None:
    """A queue longer than WELKOM_HEALTH_QUEUE_MAX: its workers answer but do not keep up (stuck)."""
    from django.conf import settings

    try:
        with celery_app.connection_for_read() as conn:
            channel: Any = conn.default_channel
            lengths = {
                queue.name: channel.queue_declare(
                    queue=queue.name, durable=True, auto_delete=False
                ).message_count
                for queue in settings.CELERY_TASK_QUEUES
            }
    except Exception:
        return None  # the broker check reports an unreachable broker
    stuck = {name: length for name, length in lengths.items() if length > settings.HEALTH_QUEUE_MAX}
    if not stuck:
        return None
    shown = ", ".join(f"{name} holds {length}" for name, length in sorted(stuck.items()))
    return Check(False, f"queues not kept up with: {shown} (more than {settings.HEALTH_QUEUE_MAX})")
