"""Liveness and readiness apart: a web node that cannot reach its database is alive but not ready;
a worker that answers while its queue piles up is reported stuck by /api/health."""

import pytest
from django.db import connection

from welkom.core import services as core_services
from welkom.core.tasks import echo


@pytest.mark.django_db(transaction=True)
def test_a_node_without_its_database_is_live_but_not_ready(client_factory, tmp_path):
    client = client_factory()
    assert client.get("/api/health/ready").json()["status"] == "ok"
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    try:
        ready = client.get("/api/health/ready")
        live = client.get("/api/health/live")
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert ready.status_code == 503
    assert ready.json()["status"] == "not_ready"
    assert ready.json()["database"]["ok"] is False
    assert live.status_code == 200
    assert live.json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_worker_whose_queue_piles_up_shows_as_stuck(client_factory, settings):
    from config.celery import app

    app.control.purge()
    core_services.heartbeat_record()  # a worker ran beat's heartbeat just now
    settings.HEALTH_QUEUE_MAX = 2
    assert client_factory().get("/api/health").json()["worker"]["ok"] is True
    for marker in ("a", "b", "c"):
        echo.delay(marker)  # nobody consumes them
    try:
        worker = client_factory().get("/api/health").json()["worker"]
    finally:
        app.control.purge()
    assert worker["ok"] is False
    assert "default holds 3" in worker["detail"]
