"""The test run's clock and the services that keep the real one.

Under Debian's ``faketime`` (``make test-clocks`` and the SQLite lane of ``make test``) libfaketime is
preloaded into this process and everything it starts. Worker subprocesses keep it: they share the
faked clock. Services that keep the real clock in production too (a private ``redis-server``,
Chromium, which does not run under libfaketime at all) are started without it."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from django.utils import timezone

FAKED_CLOCK = "faketime" in os.environ.get("LD_PRELOAD", "")


def without_faketime(environ: dict[str, str] | None = None) -> dict[str, str]:
    """``environ`` (default: this process's) without libfaketime's variables."""
    source = dict(os.environ if environ is None else environ)
    return {
        name: value
        for name, value in source.items()
        if name not in ("LD_PRELOAD", "DONT_FAKE_MONOTONIC") and not name.startswith("FAKETIME")
    }


class DjangoClock:
    """Django's clock (``timezone.now``) for the code under test, set by the test: ``clock.now = …``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
        self.now = now
        monkeypatch.setattr(timezone, "now", lambda: self.now)
