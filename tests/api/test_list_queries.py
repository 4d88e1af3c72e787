"""Every GET endpoint that answers a list runs as many queries at 50 newcomers as at 5 (no N+1).

The endpoints come from the OpenAPI schema: a GET whose answer is a list, or an object with a list
of objects in it (a page's ``results``, a plan's ``stages``, today's ``now``). A new one is covered
without editing this file. Each is called by the first role that may use it (HR, admin, team lead,
colleague, newcomer; tests/<app>/endpoints.py), on the authorization matrix's world (tests/authz.py)
with its object in the caller's own team (``OBJECTS``), once with 5 newcomers in that team and
once after 45 more joined, each with a plan, an invitation, a chat message and a notification for
every caller. An answer that does not grow with them cannot show an N+1: those endpoints are
skipped with the reason, so the list of what is not covered stays visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from tests.authz import Scope, build_world
from tests.conftest import CsrfClient
from tests.core.test_authorization_matrix import ENDPOINTS, OBJECTS, PATTERNS
from tests.factories import TeamMembershipFactory, UserFactory
from welkom.accounts.models import Role, User
from welkom.accounts.services import invitation_create
from welkom.chat.services import message_post, team_channel_sync
from welkom.journeys.models import JourneyTemplate, TemplateStage, TemplateStep
from welkom.journeys.services import plan_create
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.services import profile_update
from welkom.notifications.services import notification_send

# The mark makes pytest-django set up the test database (the module fixture below needs it).
pytestmark = pytest.mark.django_db
ROLE_ORDER = (Role.HR, Role.ADMIN, Role.TEAM_LEAD, Role.COLLEAGUE, Role.NEWCOMER)
FEW, MANY = 5, 50


def _list_field(schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """'' for an answer that is a list, the name of its first list of objects, or None."""

    def plain(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node or len(node.get("allOf", [])) == 1:
            node = components[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node["allOf"][0]
        return node

    schema = plain(schema)
    if schema.get("type") == "array":
        return ""
    for name, field in (schema.get("properties") or {}).items():
        field = plain(field)
        if field.get("type") == "array" and plain(field.get("items", {})).get("type") == "object":
            return name
    return None


def list_endpoints() -> dict[str, str]:
    """url name -> where its rows are in the answer ('' for the answer itself)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found: dict[str, str] = {}
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        body = answer.get("application/json", {}).get("schema")
        name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
        field = _list_field(body, components) if body else None
        if field is not None and name in PATTERNS and name in ENDPOINTS and "get" in ENDPOINTS[name]:
            found[name] = field
    return found


LISTS = list_endpoints()


def _roles(name: str) -> list[str]:
    allowed = ENDPOINTS[name]["get"]
    return [role for role in ROLE_ORDER if allowed == "all" or role in allowed]


def _rows(data: Any, field: str) -> int:
    if isinstance(data, dict) and isinstance(data.get("count"), int):
        return int(data["count"])
    rows = data if field == "" else (data or {}).get(field)
    return len(rows) if isinstance(rows, list) else 0


def _template() -> JourneyTemplate:
    template = JourneyTemplate.objects.create(slug="queries", title={"en": "Queries"})
    stage = TemplateStage.objects.create(
        template=template, key="first", position=0, anchor="first_day", offset_days=0, title={"en": "Day 1"}
    )
    for position, (key, owner, kind) in enumerate(
        [
            ("read", "newcomer", "task"),
            ("meet", "team_lead", "meeting"),
            ("coffee", "buddy", "meeting"),
            ("laptop", "hr", "task"),
            ("hello", "team", "task"),
        ]
    ):
        TemplateStep.objects.create(
            stage=stage,
            key=key,
            position=position,
            kind=kind,
            owner=owner,
            offset=position,
            local_time=time(9),
            title={"en": key.title()},
        )
    return template


def _grow(scope: Scope, callers: dict[str, User], template: JourneyTemplate, start: int, stop: int) -> None:
    """Newcomers ``start``..``stop - 1`` join the caller's own team, with what lists show of them."""
    domain = f"{scope.organisation.slug}.test"
    for n in range(start, stop):
        user = UserFactory(
            organisation=scope.organisation,
            role=Role.NEWCOMER,
            email=f"grown{n}@{domain}",
        )
        TeamMembershipFactory(team=scope.team, user=user)
        profile = NewcomerProfile.objects.create(organisation=scope.organisation, user=user, team=scope.team)
        profile_update(
            profile=profile,
            changed_by=scope.hr,
            arrival_on=date(2026, 11, 2),
            first_day_on=date(2026, 11, 9),
            team_lead=scope.lead,
            buddy=scope.colleague,
            municipality="matrixstad",
        )
        plan_create(profile=profile, template=template, created_by=scope.hr)
        invitation_create(
            invited_by=scope.hr,
            email=f"invitee{n}@{domain}",
            role=Role.NEWCOMER,
            team=scope.team,
        )
        for caller in callers.values():
            notification_send(
                recipient=caller,
                kind="journey_step",
                params={"title": {"en": f"Step {n}"}},
                dedupe_key=f"queries-{n}",
                queue=False,
            )
    channel = team_channel_sync(team=scope.team)
    for n in range(start, stop):
        message_post(
            channel=channel,
            author=User.objects.get(email=f"grown{n}@{domain}"),
            body=f"Hello {n}",
            language="en",
        )


@dataclass
class Measured:
    queries: int
    rows: int
    status: int


def _measure(
    clients: dict[str, CsrfClient], callers: dict[str, User], own: Scope, names: list[str]
) -> dict[tuple[str, str], Measured]:
    """Each endpoint as each role that may use it, in a savepoint rolled back after (its object,
    and what reading it writes)."""
    measured = {}
    for name in names:
        for role in _roles(name):
            with transaction.atomic():
                kwargs = OBJECTS[name](own, callers[role]) if PATTERNS[name].pattern.converters else {}
                if kwargs is None:
                    continue
                url = reverse(name, kwargs=kwargs)
                clients[role].get(url)  # first: whatever is read once per process or cached
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    response = clients[role].get(url)
                transaction.set_rollback(True)
            json = response.get("Content-Type", "").startswith("application/json")
            rows = _rows(response.json(), LISTS[name]) if json else 0
            measured[name, role] = Measured(len(queries.captured_queries), rows, response.status_code)
    return measured


@pytest.fixture(scope="module")
def counts(request, django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The selected list endpoints (all, or those ``-k`` picks) measured at 5 and at 50 newcomers,
    in one world (rolled back after)."""
    names = sorted(
        {
            item.callspec.params["name"]
            for item in request.session.items
            if item.module is request.module and hasattr(item, "callspec") and "name" in item.callspec.params
        }
    )
    with django_db_blocker.unblock(), transaction.atomic():
        callers, world = build_world()
        own = world["own"]
        clients = {}
        for role, user in callers.items():
            clients[role] = CsrfClient()
            clients[role].force_login(user)
        template = _template()
        _grow(own, callers, template, 0, FEW)
        few = _measure(clients, callers, own, names)
        _grow(own, callers, template, FEW, MANY)
        many = _measure(clients, callers, own, names)
        transaction.set_rollback(True)
    return few, many


def test_the_schema_yields_the_list_endpoints():
    assert {"newcomer-list", "journey-today", "checklist-upcoming", "notification-list"} <= set(LISTS)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_queries_do_not_grow_with_rows(counts, name):
    few, many = counts
    measured = [(role, few[name, role], many[name, role]) for role in _roles(name) if (name, role) in few]
    assert all(f.status < 500 and m.status < 500 for _, f, m in measured), measured
    growing = [(role, f, m) for role, f, m in measured if f.status == m.status == 200 and m.rows > f.rows]
    if not growing:
        pytest.skip(f"{name}: its answer does not grow with the newcomers here {measured}")
    grew = [
        f"{role}: {f.queries} queries for {f.rows} rows, {m.queries} for {m.rows}"
        for role, f, m in growing
        if m.queries > f.queries
    ]
    assert not grew, f"{name} reads more often the more rows it shows: " + "; ".join(grew)
