"""Values of the sign-in that may be used once only: a state, a nonce, an ID token, a logout
token's ``jti``.

They are remembered in Django's cache, never in a process's memory: production runs several web
processes on several nodes, and a replayed answer may reach any of them. The cache is Redis there
(``REDIS_URL``), whose ``add`` (SET NX) lets exactly one process win; `make run` uses the file
cache shared by its processes. A cache that forgets (DummyCache) or lives in one process
(LocMemCache) is refused or warned about by ``manage.py check --deploy`` (welkom.sso.checks).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MINIMUM_SECONDS = 60


def key(kind: str, value: str) -> str:
    return f"sso:used:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def first_use(kind: str, value: str, *, seconds: int) -> bool:
    """True the first time ``value`` of this ``kind`` is seen anywhere; remembered ``seconds``
    (at least a minute), by when the value could no longer be accepted anyway."""
    return bool(cache.add(key(kind, value), 1, max(seconds, MINIMUM_SECONDS)))
