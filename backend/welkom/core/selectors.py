"""Health of the parts Welkom depends on: the database, the broker and the workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
        return Check(True, f"{len(replies)} worker(s) answered")
    last = cache.get(HEARTBEAT_KEY)
    if last:
        age = (timezone.now() - datetime.fromisoformat(last)).total_seconds()
        if age < 150:
            return Check(True, f"heartbeat {int(age)} s ago")
        return Check(False, f"no worker answered; last heartbeat {int(age)} s ago")
    return Check(False, "no worker answered")
