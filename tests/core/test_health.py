import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_health_reports_database_broker_and_a_live_worker(api, celery_worker):
    response = api.get("/api/health")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "detail": connection.vendor}
    assert body["broker"]["ok"] is True
    assert "answered" in body["worker"]["detail"]


def test_health_is_degraded_without_a_worker(api):
    response = api.get("/api/health")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_unknown_api_address_answers_in_the_error_shape(api):
    response = api.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert (
        "/api/me" in schema.json()["paths"]
        if schema["content-type"].endswith("json")
        else b"/api/me" in schema.content
    )
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
