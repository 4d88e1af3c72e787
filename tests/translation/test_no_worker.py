"""With no translation worker running, every request that waits for one answers 503 in its error
shape after the timeout, on Redis and on the on-disk result store of the embedded default (which has
no result file to clean up when nobody answered: that used to be a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from welkom.translation import services

pytestmark = pytest.mark.django_db

PREVIEW = "/api/chat/helper/preview"


@pytest.fixture(params=["configured", "on_disk"])
def result_store(request, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The run's own result store (Redis, or on disk in the SQLite lane), and the on-disk store
    that ``make run`` uses whatever the lane."""
    from config.celery import app

    if request.param == "configured":
        yield app.conf.result_backend
        return
    folder = tmp_path / "results"
    folder.mkdir()
    before = app.conf.result_backend
    app.conf.result_backend = f"file://{folder}"
    app._local.__dict__.pop("backend", None)
    try:
        yield app.conf.result_backend
    finally:
        app.conf.result_backend = before
        app._local.__dict__.pop("backend", None)


@pytest.fixture
def no_worker(settings, languages, result_store):  # type: ignore[no-untyped-def]
    """Translation goes to the queue, where nobody listens; one second is the wait."""
    settings.TRANSLATION_INLINE = False
    settings.TRANSLATION_TIMEOUT_SECONDS = 1
    settings.TRANSLATION_CACHE_SECONDS = 0
    return result_store


def _no_result_files(store: str) -> bool:
    if not store.startswith("file://"):
        return True
    return not list(Path(store.removeprefix("file://")).glob("celery-task-meta-*"))


def test_the_translation_helper_answers_503_when_no_worker_answers(client_factory, org_a, no_worker):
    response = client_factory(org_a["team_lead"]).post(
        PREVIEW, {"text": "Goedemorgen allemaal", "source": "nl", "targets": ["en"]}, format="json"
    )
    assert response.status_code == 503, response.content
    body = response.json()
    assert body["code"] == "engine_unavailable"
    assert "worker" in body["detail"]
    assert set(body) == {"code", "detail", "fields"}
    assert _no_result_files(no_worker)


def test_the_libretranslate_endpoint_answers_503_in_its_dialect_when_no_worker_answers(api, org_a, no_worker):
    _, key = services.api_key_create(organisation=org_a.organisation, name="bot", created_by=org_a["hr"])
    response = api.post(
        "/translate", {"q": "Goedemorgen", "source": "nl", "target": "en", "api_key": key}, format="json"
    )
    assert response.status_code == 503, response.content
    assert "worker" in response.json()["error"]
    assert _no_result_files(no_worker)


def test_a_request_reads_celerys_result_settings_once(api, org_a, no_worker, monkeypatch):
    """Reading Celery's settings costs about 25 us of CPU a time: a request that waits for a worker
    reads where its answer comes back once (it read it three times)."""
    from welkom.translation import replies

    reads = []
    backend = replies._backend

    def counted() -> tuple[str, str]:
        reads.append(1)
        return backend()

    monkeypatch.setattr(replies, "_backend", counted)
    _, key = services.api_key_create(organisation=org_a.organisation, name="bot", created_by=org_a["hr"])
    response = api.post(
        "/translate", {"q": "Goedemorgen", "source": "nl", "target": "en", "api_key": key}, format="json"
    )
    assert response.status_code == 503, response.content
    assert len(reads) == 1
