"""Schemathesis fuzzes every operation of the OpenAPI schema, logged in as HR, with five generated
examples each plus the schema's examples and schemathesis' coverage cases (values at the schema's
bounds, missing and wrong-typed fields: about 9,700 requests in all, docs/testing.md): no answer
may be a server error, and every documented answer must match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).exclude(
    # Logging out would end the session the other operations run in; health answers 503 by design
    # when no Celery worker runs (as in this test).
    path=["/api/auth/logout", "/api/health"]
)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def hr_session(client_factory, org_a):
    client = client_factory(org_a["hr"])
    token = client._token()
    # Like Django's test client: the WSGI handler must not close the test's database connection
    # (disconnected after logging in, because the test client reconnects it after each request).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: report the failure as found
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_without_server_errors_and_as_documented(case, hr_session):
    case.call_and_validate(cookies=hr_session["cookies"], headers=hr_session["headers"], checks=CHECKS)
