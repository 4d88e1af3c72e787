"""DRF throttles that take the client's address from welkom.core.client_address (never from a
header the client wrote itself)."""

from __future__ import annotations

from typing import Any

from rest_framework import throttling

from welkom.core.client_address import client_address


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    def get_ident(self, request: Any) -> str:
        return client_address(request)
