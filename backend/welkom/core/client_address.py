"""The address of the client that sent a request, for rate limits and the login lock-out.

``REMOTE_ADDR`` is the address that connected to Django. ``X-Forwarded-For`` is written by whoever
sends the request, so it is believed only as far as proxies we run wrote it: with
``TRUSTED_PROXY_COUNT`` = N (``WELKOM_TRUSTED_PROXIES``) each of the N proxies in front of Django has
appended the address it saw, and the client is the N-th entry from the right. Anything further left
was written by the client and is ignored. With N = 0 (the default, no proxy) the header is ignored.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _address(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request: Any) -> str:
    """The client's IP address (a string; the empty string when Django got none)."""
    meta = request.META
    remote = _address(str(meta.get("REMOTE_ADDR", ""))) or ""
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [part for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if not forwarded:
        return remote
    return _address(forwarded[-min(hops, len(forwarded))]) or remote
