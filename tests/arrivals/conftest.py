from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from welkom.content.services import content_sync


@pytest.fixture
def content(db):  # type: ignore[no-untyped-def]
    """The shipped checklists and journeys (the routes a file can name)."""
    return content_sync(root=django_settings.CONTENT_DIR, kinds=["checklists", "journeys"])


# Thursday 15 October 2026, a few weeks before the arrivals in tests/arrivals/files.py.
NOW = datetime(2026, 10, 15, 10, tzinfo=UTC)


class Clock:
    """Django's clock for the code under test (and the worker thread): set it with ``clock.now = …``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from django.utils import timezone

        self.now = NOW
        monkeypatch.setattr(timezone, "now", lambda: self.now)


@pytest.fixture(autouse=True)
def clock(content, monkeypatch):  # type: ignore[no-untyped-def]
    """Every arrivals test runs at a fixed moment, after the content is loaded (content checks its
    own dates against the real day)."""
    return Clock(monkeypatch)


def upload(client: Any, data: bytes, name: str = "arrivals.csv", **fields: Any) -> Any:
    return client.post(
        "/api/arrivals/imports", {"file": SimpleUploadedFile(name, data), **fields}, format="multipart"
    )


def wait_for(
    client: Any, import_id: int, *, statuses: tuple[str, ...] = ("done", "failed"), timeout: float = 180
) -> tuple[dict[str, Any], list[int]]:
    """Poll the import as the screen does; returns its last state and the progress values seen."""
    seen: list[int] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/arrivals/imports/{import_id}").json()
        seen.append(body["processed"])
        if body["status"] in statuses:
            return body, seen
        time.sleep(0.2)
    raise AssertionError(f"import {import_id} still {body['status']} after {timeout} s")
