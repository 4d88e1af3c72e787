"""The way back from a translation worker to the web process that waits for its answer.

With Redis as Celery's result store (production, ``REDIS_URL``), the web process does not use
Celery's results: it sends the task with a reply key and no result (``ignore_result``) and blocks on
that key (``BLPOP``), and the worker pushes its answer there with an expiry, in one round trip.
Celery's result path costs the web process a subscription, a read of the stored result, a delete and
an unsubscription per request, and the worker a read before its write: about as much CPU as the
model's turn-around after each round of calls can spare (``bench/README.md``, sixth session).

Safe to retry: a task that runs twice (a worker lost it and it was delivered again) pushes a second
answer that nobody reads; every answer expires ``TRANSLATION_TIMEOUT_SECONDS`` after it was pushed,
so a reply that comes after the web process gave up stays no longer than that. The web process
waits at most that long too. An answer that is read is gone (the list is emptied), so no translated
text stays in Redis.

With the embedded default's on-disk result store (no Redis), Celery's results are used as before.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings

REPLY_PREFIX = "translation:reply:"

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def _backend() -> tuple[str, str]:
    """Celery's result store address and its key prefix (the test settings set one per run)."""
    from config.celery import app

    options = app.conf.result_backend_transport_options or {}
    return str(app.conf.result_backend or ""), str(options.get("global_keyprefix", ""))


def enabled() -> bool:
    """Whether answers come back through a Redis list: Celery's result store is Redis."""
    return _is_redis(_backend()[0])


def _is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "unix://"))


def _client(url: str) -> redis.Redis:
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            # No socket timeout of its own: BLPOP's timeout bounds the wait on the server's side,
            # and a dead connection ends the wait with an error (keepalive finds a silent one).
            client = redis.Redis.from_url(url, socket_keepalive=True, socket_connect_timeout=5)
            _clients[url] = client
        return client


@dataclass(frozen=True)
class Reply:
    """Where one answer comes back: the list's key, and the Redis it is on."""

    key: str
    url: str


def reply() -> Reply | None:
    """A new reply list for one task, or None when answers come through Celery's results. Reads
    Celery's settings once (each read of them costs about 25 us of CPU, on every request)."""
    url, prefix = _backend()
    if not _is_redis(url):
        return None
    return Reply(f"{prefix}{REPLY_PREFIX}{secrets.token_hex(16)}", url)


def new_key() -> str:
    return f"{_backend()[1]}{REPLY_PREFIX}{secrets.token_hex(16)}"


def send(key: str, answer: dict[str, Any]) -> None:
    """Pushes ``answer`` (JSON) to ``key``, which expires after the longest a web process waits."""
    url, prefix = _backend()
    if not key.startswith(f"{prefix}{REPLY_PREFIX}"):  # only ever a reply key of this installation
        raise ValueError("not a translation reply key")
    pipeline = _client(url).pipeline(transaction=False)
    pipeline.rpush(key, json.dumps(answer))
    pipeline.expire(key, max(1, int(settings.TRANSLATION_TIMEOUT_SECONDS)))
    pipeline.execute()


def wait(key: str | Reply, *, timeout: float) -> dict[str, Any] | None:
    """The answer pushed to ``key``, or None when none came within ``timeout`` seconds."""
    if isinstance(key, str):
        key = Reply(key, _backend()[0])
    found = _client(key.url).blpop([key.key], timeout=max(timeout, 0.1))
    if found is None:
        return None
    answer: dict[str, Any] = json.loads(found[1])
    return answer
