"""HR reports: completion per newcomer and per module, most-missed questions; roles and tenants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.modules.conftest import write_module
from tests.modules.endpoints import ENDPOINTS
from welkom.accounts.models import Role
from welkom.content.services import content_sync
from welkom.modules import services
from welkom.modules.models import Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(content_root, org_a, org_b):
    write_module(content_root, "first", title="First module")
    write_module(content_root, "second", title="Second module")
    write_module(content_root, "for-colleagues", audience="colleague")
    content_sync(root=content_root, kinds=["modules"])
    first, second = Module.objects.get(slug="first"), Module.objects.get(slug="second")
    ana = org_a["newcomer"]
    bo = UserFactory(organisation=org_a.organisation, role=Role.NEWCOMER, full_name="Bo")
    # Ana finishes "first" after missing pick-one once; Bo misses both questions of "first".
    services.quiz_answer(user=ana, module=first, question_key="pick-one", choices=["b"])
    services.quiz_answer(user=ana, module=first, question_key="pick-one", choices=["a"])
    services.quiz_answer(user=ana, module=first, question_key="pick-many", choices=["x", "y"])
    services.module_complete(user=ana, module=first)
    services.quiz_answer(user=bo, module=first, question_key="pick-one", choices=["b"])
    services.quiz_answer(user=bo, module=first, question_key="pick-many", choices=["z"])
    services.progress_update(user=bo, module=second, percent=20)
    # Another organisation's activity never shows up.
    other = org_b["newcomer"]
    for _ in range(3):
        services.quiz_answer(user=other, module=second, question_key="pick-many", choices=["z"])
    services.progress_update(user=other, module=second, percent=90)
    return {"ana": ana, "bo": bo}


def test_completion_per_newcomer(client_factory, org_a, activity):
    rows = {
        row["email"]: row
        for row in client_factory(org_a["hr"]).get("/api/modules/reports/newcomers").json()["results"]
    }
    assert set(rows) == {activity["ana"].email, activity["bo"].email}
    ana, bo = rows[activity["ana"].email], rows[activity["bo"].email]
    assert (ana["modules_completed"], ana["modules_in_progress"], ana["modules_available"]) == (1, 0, 2)
    assert (bo["modules_completed"], bo["modules_in_progress"]) == (0, 2)


def test_one_newcomers_progress_per_module(client_factory, org_a, activity):
    response = client_factory(org_a["admin"]).get(f"/api/modules/reports/newcomers/{activity['bo'].pk}")
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert rows["first"]["quiz_answered"] == 2
    assert rows["first"]["quiz_first_correct"] == 0
    assert rows["second"]["percent"] == 20


def test_completion_per_module_counts_only_this_organisation(client_factory, org_a, activity):
    rows = {
        row["slug"]: row
        for row in client_factory(org_a["hr"]).get("/api/modules/reports/modules").json()["results"]
    }
    assert (rows["first"]["started"], rows["first"]["completed"]) == (2, 1)
    assert (rows["second"]["started"], rows["second"]["completed"]) == (1, 0)
    assert rows["first"]["title"] == "First module"


def test_most_missed_questions_first(client_factory, org_a, activity):
    rows = client_factory(org_a["hr"]).get("/api/modules/reports/questions").json()["results"]
    assert [(r["module"], r["question_key"], r["answered"], r["missed"]) for r in rows] == [
        ("first", "pick-one", 2, 2),
        ("first", "pick-many", 2, 1),
    ]
    assert rows[0]["question"] == "Which is right?"
    dutch = client_factory(org_a["hr"]).get("/api/modules/reports/questions?lang=nl").json()["results"]
    assert dutch[0]["question"] == "Welke is goed?"


def test_newcomer_of_another_organisation_is_not_found(client_factory, org_a, org_b, activity):
    assert (
        client_factory(org_b["hr"]).get(f"/api/modules/reports/newcomers/{activity['ana'].pk}").status_code
        == 404
    )
    # and a colleague is not a newcomer to report on
    assert (
        client_factory(org_a["hr"]).get(f"/api/modules/reports/newcomers/{org_a['colleague'].pk}").status_code
        == 404
    )


REPORTS = [name for name, methods in ENDPOINTS.items() if methods.get("get") == {"hr", "admin"}]


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("role", [Role.NEWCOMER, Role.COLLEAGUE, Role.TEAM_LEAD])
def test_roles_without_hr_rights_cannot_read_reports(client_factory, org_a, name, role):
    kwargs = {"pk": org_a["newcomer"].pk} if name == "module-report-newcomer" else {}
    response = client_factory(org_a[role]).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 403, (name, role)
    assert response.json()["code"] == "permission_denied"


def test_reports_run_a_fixed_number_of_queries(
    client_factory, org_a, activity, django_assert_max_num_queries
):
    client = client_factory(org_a["hr"])
    urls = [
        "/api/modules/reports/newcomers",
        "/api/modules/reports/modules",
        "/api/modules/reports/questions",
        f"/api/modules/reports/newcomers/{activity['bo'].pk}",
    ]
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(9):
            client.get(url)
    for _ in range(12):
        person = UserFactory(organisation=org_a.organisation, role=Role.NEWCOMER)
        services.quiz_answer(
            user=person, module=Module.objects.get(slug="second"), question_key="pick-one", choices=["b"]
        )
    for url in urls:
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200
