from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from welkom.content.services import content_sync


@pytest.fixture
def content(db):  # type: ignore[no-untyped-def]
    """The shipped checklists and journeys (the routes a file can name)."""
    return content_sync(root=django_settings.CONTENT_DIR, kinds=["checklists", "journeys"])


def upload(client: Any, data: bytes, name: str = "arrivals.csv", **fields: Any) -> Any:
    return client.post(
        "/api/arrivals/imports", {"file": SimpleUploadedFile(name, data), **fields}, format="multipart"
    )


def wait_for(client: Any, import_id: int, *, statuses: tuple[str, ...] = ("done", "failed"),
             timeout: float = 180) -> tuple[dict[str, Any], list[int]]:  # fmt: skip
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
