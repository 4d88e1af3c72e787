"""Logs: one JSON object a line, and the request id of a web request in the log line of every task
it queued (a real worker on the broker), so one action can be followed end to end."""

import json
import logging
import logging.config
import time

import pytest
from django.conf import settings as django_settings

from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_the_request_id_of_the_request_that_queued_it(celery_worker, client_factory, caplog):
    person = UserFactory(email="reset.me@alpha.test")
    caplog.set_level(logging.INFO, logger="welkom.tasks")
    response = client_factory().post(
        "/api/auth/password-reset",
        {"email": person.email},
        format="json",
        headers={"X-Request-ID": "req-0123456789abcdef"},
    )
    assert response.status_code in (200, 202, 204), response.content
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    task = "welkom.accounts.tasks.password_reset_send"
    for _ in range(200):
        finished = [
            r for r in caplog.records if getattr(r, "event", "") == "task.finished" and r.task == task
        ]
        if finished:
            break
        time.sleep(0.05)
    (record,) = finished
    assert record.request_id == "req-0123456789abcdef"
    assert record.outcome == "success"
    assert record.queue == "notifications"
    # One JSON line, with the id and without the person's address.
    line = formatter("json").format(record)
    assert "\n" not in line
    event = json.loads(line)
    assert event["request_id"] == "req-0123456789abcdef"
    assert event["event"] == "task.finished"
    assert event["level"] == "INFO"
    assert person.email not in line


@pytest.mark.django_db
def test_a_request_without_an_id_gets_one_and_a_malformed_one_is_replaced(client_factory):
    made = client_factory().get("/api/health")["X-Request-ID"]
    assert len(made) == 32
    replaced = client_factory().get("/api/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert replaced["X-Request-ID"] != "bad id\nwith newline"
    assert len(replaced["X-Request-ID"]) == 32


def formatter(name: str) -> logging.Formatter:
    """The formatter the settings configure, built the way logging.config builds it."""
    configurator = logging.config.DictConfigurator({"version": 1})
    return configurator.configure_formatter(dict(django_settings.LOGGING["formatters"][name]))
