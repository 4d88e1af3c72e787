"""Every GET endpoint that answers a list runs as many queries at 50 newcomers as at 5 (no N+1).

The endpoints come from the OpenAPI schema: a GET whose answer is a list, or an object with a list
of objects in it (a page's ``results``, a plan's ``stages``, today's ``now``). Each is called by
every role that may use it (HR, admin, team lead, colleague, newcomer; tests/<app>/endpoints.py),
on the authorization matrix's world (tests/authz.py) with its object in the callers' own team,
once with 5 newcomers there and once after 45 more joined, each with a plan, an invitation, a chat
message and a notification for every caller, and with the rows each list shows beyond them
(tests/api/list_rows.py: ``GROW`` adds them in bulk, ``HOLDERS`` make once the object a list with
URL arguments shows). Every list must show more rows at 50 than at 5 for some role, or be in
``LEFT_OUT`` with the reason no query per row can hide in it: a new list endpoint fails here until
it is one or the other. The world is built once for the module and rolled back after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from tests.api.list_rows import AT, GROW, HOLDERS, LEFT_OUT, QUERIES, World, grow_once
from tests.authz import build_world
from tests.conftest import CsrfClient
from tests.core.test_authorization_matrix import ENDPOINTS, OBJECTS, PATTERNS
from welkom.accounts.models import Invitation, Role, TeamMembership, User
from welkom.chat.models import Channel, Message
from welkom.chat.services import team_channel_sync
from welkom.journeys.models import JourneyTemplate, TemplateStage, TemplateStep
from welkom.journeys.services import plan_create
from welkom.newcomers.models import NewcomerProfile
from welkom.notifications.models import Notification

# The mark makes pytest-django set up the test database (the module fixture below needs it).
pytestmark = pytest.mark.django_db
ROLE_ORDER = (Role.HR, Role.ADMIN, Role.TEAM_LEAD, Role.COLLEAGUE, Role.NEWCOMER)
FEW, MANY = 5, 50
PAGE = 10  # a page of 10 shows 5 rows, then 10: a query per row shows as 5 more


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


def _grow(world: World, names: list[str], start: int, stop: int) -> None:
    world.newcomers += _newcomers(world, start, stop)
    for name in names:
        if name in GROW:
            grow_once(GROW[name], world, start, stop)


def _newcomers(world: World, start: int, stop: int) -> list[NewcomerProfile]:
    """Newcomers ``start``..``stop - 1`` join the callers' own team (with its lead and the colleague
    as buddy), each with a journey plan (``plan_create``), an invitation of someone else, a
    notification for every caller and a message in the team's chat. Rows are written in bulk: what
    the lists read, without the listeners a profile's save starts (their rows have lists of their
    own in ``GROW``)."""
    own = world.own
    domain = f"{own.organisation.slug}.test"
    numbers = range(start, stop)
    users = User.objects.bulk_create(
        User(
            organisation=own.organisation,
            role=Role.NEWCOMER,
            email=f"grown{n}@{domain}",
            full_name=f"Grown {n}",
        )
        for n in numbers
    )
    TeamMembership.objects.bulk_create(TeamMembership(team=own.team, user=user) for user in users)
    profiles = NewcomerProfile.objects.bulk_create(
        NewcomerProfile(
            organisation=own.organisation,
            user=user,
            team=own.team,
            arrival_on=date(2026, 11, 2),
            first_day_on=date(2026, 11, 9),
            team_lead=own.lead,
            buddy=own.colleague,
            municipality="matrixstad",
        )
        for user in users
    )
    for profile in profiles:
        plan_create(profile=profile, template=world.template, created_by=own.hr)
    invitees = User.objects.bulk_create(
        User(organisation=own.organisation, role=Role.NEWCOMER, email=f"invitee{n}@{domain}", is_active=False)
        for n in numbers
    )
    Invitation.objects.bulk_create(
        Invitation(
            organisation=own.organisation,
            user=invitee,
            email=invitee.email,
            role=Role.NEWCOMER,
            team=own.team,
            invited_by=own.hr,
            nonce=f"queries-{n}",
            expires_at=AT + timedelta(days=14),
        )
        for n, invitee in zip(numbers, invitees, strict=True)
    )
    Notification.objects.bulk_create(
        Notification(
            organisation=own.organisation,
            recipient=caller,
            kind="journey_step",
            params={"title": {"en": f"Step {n}"}},
            title=f"Step {n}",
            dedupe_key=f"queries-{n}",
        )
        for n in numbers
        for caller in world.callers.values()
    )
    channel = team_channel_sync(team=own.team)  # the grown newcomers become its members
    Message.objects.bulk_create(
        Message(
            channel=channel,
            author=user,
            seq=channel.last_seq + 1 + index,
            changed_seq=channel.last_seq + 1 + index,
            body=f"Hello {n}",
            language="en",
        )
        for index, (n, user) in enumerate(zip(numbers, users, strict=True))
    )
    Channel.objects.filter(pk=channel.pk).update(last_seq=channel.last_seq + len(users))
    return profiles


def _kwargs(name: str, world: World, caller: User) -> dict[str, Any] | None:
    if name in world.held:
        return world.held[name]
    return OBJECTS[name](world.own, caller) if PATTERNS[name].pattern.converters else {}


@dataclass
class Measured:
    queries: int
    rows: int
    status: int


def _measure(
    clients: dict[str, CsrfClient],
    callers: dict[str, User],
    world: World,
    names: list[str],
    few: dict[tuple[str, str], Measured] | None = None,
) -> dict[tuple[str, str], Measured]:
    """Each endpoint as each role that may use it, in a savepoint rolled back after (its object,
    and what reading it writes), with pages of ``PAGE``. In the first round the first role reads
    it once before it is counted (that fills what is read once per process or cached; a cache per
    person would add a query or two to the first round, where a query per row adds five); the
    second round reads once, and again only when that read more than the first round (a cache
    keyed by the new rows)."""
    measured = {}
    for name in names:
        warm = few is not None  # the second round: everything is warm
        for role in _roles(name):
            with transaction.atomic():
                kwargs = _kwargs(name, world, callers[role])
                if kwargs is None:
                    continue
                query = QUERIES[name](world) + "&" if name in QUERIES else "?"
                url = f"{reverse(name, kwargs=kwargs)}{query}page_size={PAGE}"
                if not warm:
                    clients[role].get(url)
                    warm = True
                queries, response = _count(clients[role], url)
                if few is not None and (name, role) in few and queries > few[name, role].queries:
                    queries, response = _count(clients[role], url)
                transaction.set_rollback(True)
            json = response.get("Content-Type", "").startswith("application/json")
            rows = _rows(response.json(), LISTS[name]) if json else 0
            measured[name, role] = Measured(queries, rows, response.status_code)
    return measured


def _count(client: CsrfClient, url: str) -> tuple[int, Any]:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries.captured_queries), response


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
        callers, scopes = build_world()
        world = World(callers, scopes["own"], _template())
        for name in names:
            if name in HOLDERS:
                world.held[name] = HOLDERS[name](world)
        clients = {}
        for role, user in callers.items():
            clients[role] = CsrfClient()
            clients[role].force_login(user)
        _grow(world, names, 0, FEW)
        few = _measure(clients, callers, world, names)
        _grow(world, names, FEW, MANY)
        many = _measure(clients, callers, world, names, few)
        transaction.set_rollback(True)
    return few, many


def test_the_schema_yields_the_list_endpoints():
    assert {"newcomer-list", "journey-today", "checklist-upcoming", "notification-list"} <= set(LISTS)


def test_what_is_left_out_is_a_list_endpoint():
    assert set(LEFT_OUT) <= set(LISTS), set(LEFT_OUT) - set(LISTS)
    assert not set(LEFT_OUT) & (set(GROW) | set(HOLDERS))


@pytest.mark.parametrize("name", sorted(set(LISTS) - set(LEFT_OUT)))
def test_queries_do_not_grow_with_rows(counts, name):
    few, many = counts
    measured = [(role, few[name, role], many[name, role]) for role in _roles(name) if (name, role) in few]
    assert all(f.status < 500 and m.status < 500 for _, f, m in measured), measured
    growing = [(role, f, m) for role, f, m in measured if f.status == m.status == 200 and m.rows > f.rows]
    assert growing, (
        f"{name}: its answer shows as many rows at {MANY} newcomers as at {FEW} {measured}: give it rows "
        "that grow (GROW, HOLDERS) or say in LEFT_OUT why it cannot read more often with more rows"
    )
    grew = [
        f"{role}: {f.queries} queries for {f.rows} rows, {m.queries} for {m.rows}"
        for role, f, m in growing
        if m.queries > f.queries
    ]
    assert not grew, f"{name} reads more often the more rows it shows: " + "; ".join(grew)
