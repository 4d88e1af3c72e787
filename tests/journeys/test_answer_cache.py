"""The timeline (``/api/journeys/plans/{id}``) and today (``/api/journeys/today``) are cached per
plan and reader under a fingerprint of every row they show (welkom.core.answers). Each test reads an
answer (the second read comes from the cache: three queries, the session, its user and the
fingerprint), changes one thing the answer shows the way no service would tell anyone (a bulk
``update()``, a row written by hand) and reads again: the answer must be the one built from
scratch (the cache emptied), and differ from the first. The moment is the other input: a sent step
turns late at ``due_at`` + JOURNEYS_REMIND_AFTER_DAYS, and the cached answer stops there (the clock
is Django's, set by the test)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from tests.clocks import DjangoClock
from tests.factories import TeamMembershipFactory, UserFactory
from tests.journeys.conftest import make_profile
from welkom.accounts.models import Team, TeamMembership, User
from welkom.content.services import content_sync
from welkom.journeys import dispatch, services
from welkom.journeys.models import (
    JourneyTemplate,
    Owner,
    Plan,
    PlanStage,
    PlanStep,
    StepState,
    TeamPartDone,
    TemplateStep,
)
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db

ARRIVAL = date(2026, 11, 2)
SENT_AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
READ_AT = datetime(2026, 11, 4, 12, tzinfo=UTC)  # the steps sent on the 1st are not late yet


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    return DjangoClock(monkeypatch, READ_AT)


@pytest.fixture
def plan(org_a, clock) -> Plan:
    """An eu-worker plan (a team step among its steps) in a team with one more member, its first
    steps sent; the clock at READ_AT."""
    content_sync(kinds=["journeys"])
    mate = UserFactory(organisation=org_a.organisation, role="colleague", email="mate@alpha.test")
    TeamMembershipFactory(team=org_a.team, user=mate)
    org_a.people["mate"] = mate
    profile = make_profile(org_a, arrival=ARRIVAL, first_day=date(2026, 11, 9))
    template = JourneyTemplate.objects.get(slug="eu-worker")
    plan = services.plan_create(profile=profile, template=template, created_by=org_a["hr"])
    dispatch.dispatch_tick(now=SENT_AT)
    return plan


READERS = {"timeline": ("newcomer", "hr", "team_lead"), "today": ("newcomer",)}


def _path(endpoint: str, plan: Plan) -> str:
    return f"/api/journeys/plans/{plan.pk}" if endpoint == "timeline" else "/api/journeys/today"


def _read(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.content


def _cached(client: Any, path: str) -> bytes:
    """Read twice: the second read comes from the cache (the session, its user, the fingerprint;
    and the audit entry of someone else's plan viewed)."""
    first = _read(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert _read(client, path) == first
    reads = [query["sql"] for query in queries.captured_queries if "audit_auditentry" not in query["sql"]]
    assert len(reads) == 3, reads
    return first


def _changes(client: Any, path: str, before: bytes) -> bytes:
    """The answer after a change: what is built from scratch, and not what it was."""
    after = _read(client, path)
    cache.clear()
    assert _read(client, path) == after, "the cached answer is not the one built from scratch"
    assert after != before, "the change did not change the answer"
    return after


def _check(endpoint, plan, org_a, client_factory, change, readers=None):  # type: ignore[no-untyped-def]
    """For each reader of ``endpoint``: read (cached), ``change(reader)``, read a new answer."""
    path = _path(endpoint, plan)
    for name in [name for name in readers or READERS[endpoint] if name in READERS[endpoint]]:
        client = client_factory(org_a[name])
        before = _cached(client, path)
        change(org_a[name])
        try:
            _changes(client, path, before)
        except AssertionError as error:
            raise AssertionError(f"{endpoint}, read by {name}: {error}") from None


ENDPOINTS = pytest.mark.parametrize("endpoint", ["timeline", "today"])


def _meeting(plan: Plan, owner: str) -> PlanStep:
    """A meeting step owned by ``owner`` shown today (its moment comes today)."""
    step = plan.steps.filter(kind="meeting", owner=owner).order_by("due_at").first()
    if step is None:
        step = plan.steps.filter(kind="meeting").order_by("due_at").first()
        assert step is not None
        PlanStep.objects.filter(pk=step.pk).update(owner=owner)
    PlanStep.objects.filter(pk=step.pk).update(due_at=READ_AT + timedelta(hours=2), state=StepState.PLANNED)
    return step


@ENDPOINTS
def test_the_plan(endpoint, plan, org_a, client_factory):
    other = UserFactory(
        organisation=org_a.organisation, role="hr", email="hr2@alpha.test", full_name="Second"
    )
    _meeting(plan, Owner.HR)
    contacts = iter([other, org_a["hr"], other])

    def change(reader: User) -> None:
        Plan.objects.filter(pk=plan.pk).update(hr_contact=next(contacts))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@ENDPOINTS
def test_its_profile(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.TEAM_LEAD)
    lead = UserFactory(organisation=org_a.organisation, role="team_lead", email="lead2@alpha.test")
    leads = iter([lead, org_a["team_lead"]])

    def change(reader: User) -> None:  # another team lead named on the profile
        NewcomerProfile.objects.filter(pk=plan.profile_id).update(team_lead=next(leads))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@pytest.mark.parametrize("endpoint", ["timeline"])
def test_its_dates(endpoint, plan, org_a, client_factory):
    days = iter(range(1, 10))

    def change(reader: User) -> None:  # the stages start on other days (steps are not moved)
        NewcomerProfile.objects.filter(pk=plan.profile_id).update(
            arrival_on=ARRIVAL + timedelta(days=next(days))
        )

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_the_people_it_names(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.BUDDY)
    buddy = UserFactory(organisation=org_a.organisation, role="colleague", email="buddy@alpha.test")
    NewcomerProfile.objects.filter(pk=plan.profile_id).update(buddy=buddy)
    names = iter(["Bo", "Bea", "Ben", "Bram"])

    def change(reader: User) -> None:
        User.objects.filter(pk=buddy.pk).update(full_name=next(names))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer", "hr"])


@ENDPOINTS
def test_a_named_person_turns_inactive(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.TEAM_LEAD)
    NewcomerProfile.objects.filter(pk=plan.profile_id).update(team_lead=None)  # the team's lead does it
    active = iter([False, True])

    def change(reader: User) -> None:  # the team's lead goes: HR does it
        User.objects.filter(pk=org_a["team_lead"].pk).update(is_active=next(active))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@ENDPOINTS
def test_the_teams_lead(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.TEAM_LEAD)
    NewcomerProfile.objects.filter(pk=plan.profile_id).update(team_lead=None)
    lead = UserFactory(organisation=org_a.organisation, role="team_lead", email="lead3@alpha.test")
    leads = iter([lead, org_a["team_lead"]])

    def change(reader: User) -> None:
        Team.objects.filter(pk=org_a.team.pk).update(lead=next(leads))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


def _team_step(plan: Plan) -> PlanStep:
    """The team step, shown today too (a meeting whose moment comes today)."""
    step = plan.steps.get(owner=Owner.TEAM)
    PlanStep.objects.filter(pk=step.pk).update(
        kind="meeting", due_at=READ_AT + timedelta(hours=2), state=StepState.SENT
    )
    return step


@ENDPOINTS
def test_the_teams_memberships(endpoint, plan, org_a, client_factory):
    _team_step(plan)
    people = iter(
        UserFactory(organisation=org_a.organisation, role="colleague", email=f"m{index}@alpha.test")
        for index in range(5)
    )

    def change(reader: User) -> None:  # one more member: the team step's parts
        TeamMembership.objects.bulk_create([TeamMembership(team=org_a.team, user=next(people))])

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_a_member_turns_inactive(endpoint, plan, org_a, client_factory):
    _team_step(plan)
    active = iter([False, True, False])

    def change(reader: User) -> None:
        User.objects.filter(pk=org_a["mate"].pk).update(is_active=next(active))

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_the_organisations_hr_people(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.HR)
    Plan.objects.filter(pk=plan.pk).update(hr_contact=None)  # what falls to HR goes to all of them
    second = UserFactory(organisation=org_a.organisation, role="hr", email="hr3@alpha.test", is_active=False)
    active = iter([True, False])

    def change(reader: User) -> None:  # two HR people: nobody named; one: that one
        User.objects.filter(pk=second.pk).update(is_active=next(active))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@ENDPOINTS
def test_its_stages(endpoint, plan, org_a, client_factory):
    titles = iter(["One", "Two", "Three", "Four"])

    def change(reader: User) -> None:
        PlanStage.objects.filter(plan=plan).update(title={"en": next(titles)})

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_its_steps_by_dispatch(endpoint, plan, org_a, client_factory):
    """The dispatcher marks steps sent with one bulk update."""
    moments = iter([datetime(2026, 11, 3, 12, tzinfo=UTC), READ_AT])
    PlanStep.objects.filter(plan=plan, owner=Owner.NEWCOMER, due_at__gt=SENT_AT).update(
        due_at=datetime(2026, 11, 3, tzinfo=UTC)
    )

    def change(reader: User) -> None:
        dispatch.dispatch_tick(now=next(moments))

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@ENDPOINTS
def test_its_steps(endpoint, plan, org_a, client_factory):
    titles = iter(["One", "Two", "Three", "Four"])

    def change(reader: User) -> None:
        PlanStep.objects.filter(plan=plan).update(title={"en": next(titles)})

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_their_links(endpoint, plan, org_a, client_factory):
    step = _meeting(plan, Owner.NEWCOMER)
    others = iter(plan.steps.exclude(pk=step.pk).order_by("id"))
    links = PlanStep.depends_on.through

    def change(reader: User) -> None:
        links.objects.bulk_create([links(from_planstep_id=step.pk, to_planstep_id=next(others).pk)])

    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer", "hr"])


@ENDPOINTS
def test_the_team_parts_done(endpoint, plan, org_a, client_factory):
    step = _team_step(plan)
    people = iter([org_a["mate"], org_a["team_lead"], org_a["colleague"]])

    def change(reader: User) -> None:
        TeamPartDone.objects.bulk_create([TeamPartDone(step=step, user=next(people))])

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_the_templates_texts(endpoint, plan, org_a, client_factory):
    """A language the template gained after the plan was made (a content sync or an admin edit
    also gives the template a new ``updated_at``: the texts kept per process go by it)."""
    _meeting(plan, Owner.NEWCOMER)
    User.objects.filter(pk__in=[person.pk for person in org_a.people.values()]).update(language="pl")
    for step in plan.steps.all():  # a plan made before the template had Polish
        PlanStep.objects.filter(pk=step.pk).update(title={"en": step.title["en"]})
    texts = iter(["Pierwszy", "Drugi", "Trzeci", "Czwarty"])

    def change(reader: User) -> None:  # every step's Polish title, one per change
        text = next(texts)
        for step in TemplateStep.objects.filter(stage__template__slug="eu-worker"):
            TemplateStep.objects.filter(pk=step.pk).update(title={**step.title, "pl": f"{text} {step.key}"})
        JourneyTemplate.objects.filter(slug="eu-worker").update(
            updated_at=F("updated_at") + timedelta(seconds=1)
        )

    _check(endpoint, plan, org_a, client_factory, change)


@pytest.mark.parametrize("endpoint", ["timeline"])
def test_the_reader(endpoint, plan, org_a, client_factory):
    """Each reader their own answer: the newcomer's and HR's differ (who may mark what done)."""
    path = _path(endpoint, plan)
    newcomer = _cached(client_factory(org_a["newcomer"]), path)
    hr = _read(client_factory(org_a["hr"]), path)
    cache.clear()
    assert _read(client_factory(org_a["hr"]), path) == hr
    assert hr != newcomer


@pytest.mark.parametrize("endpoint", ["timeline"])
def test_the_readers_role(endpoint, plan, org_a, client_factory):
    _meeting(plan, Owner.NEWCOMER)
    path = _path(endpoint, plan)
    client = client_factory(org_a["colleague"])
    NewcomerProfile.objects.filter(pk=plan.profile_id).update(buddy=org_a["colleague"])
    before = _cached(client, path)
    User.objects.filter(pk=org_a["colleague"].pk).update(role="hr")  # a buddy made HR sees every step
    _changes(client, path, before)


@ENDPOINTS
def test_the_reader_turns_inactive(endpoint, plan, org_a, client_factory):
    path = _path(endpoint, plan)
    client = client_factory(org_a["newcomer"])
    _cached(client, path)
    User.objects.filter(pk=org_a["newcomer"].pk).update(is_active=False)
    assert client.get(path).status_code in (401, 403)


@ENDPOINTS
def test_the_readers_content_languages(endpoint, plan, org_a, client_factory):
    languages = iter([["nl"], ["en"], ["nl"]])

    def change(reader: User) -> None:  # the newcomer reads Dutch: Dutch before English
        NewcomerProfile.objects.filter(user=org_a["newcomer"]).update(languages_spoken=next(languages))

    User.objects.filter(pk=org_a["newcomer"].pk).update(language="pl")
    _meeting(plan, Owner.NEWCOMER)
    PlanStep.objects.filter(plan=plan).update(title={"en": "A step of its own", "nl": "Een eigen stap"})
    _check(endpoint, plan, org_a, client_factory, change, readers=["newcomer"])


@ENDPOINTS
def test_the_readers_language(endpoint, plan, org_a, client_factory):
    def change(reader: User) -> None:  # the interface language: the active language and the texts
        language = User.objects.get(pk=reader.pk).language
        User.objects.filter(pk=reader.pk).update(language="en" if language == "nl" else "nl")

    _check(endpoint, plan, org_a, client_factory, change)


@ENDPOINTS
def test_the_current_time_zone(endpoint, plan, org_a, client_factory):
    path = _path(endpoint, plan)
    client = client_factory(org_a["newcomer"])
    with timezone.override("UTC"):
        utc = _cached(client, path)
    with timezone.override("Asia/Tokyo"):
        _changes(client, path, utc)
    with timezone.override("UTC"):
        assert _read(client, path) == utc


@ENDPOINTS
def test_a_sent_step_turns_late_at_its_moment(endpoint, plan, org_a, client_factory, clock):
    """The cached answer holds until the first sent step shown turns late, and no longer."""
    step = _meeting(plan, Owner.NEWCOMER)
    PlanStep.objects.filter(pk=step.pk).update(state=StepState.SENT, sent_at=SENT_AT, due_at=SENT_AT)
    PlanStep.objects.filter(plan=plan, state=StepState.SENT).exclude(pk=step.pk).update(state=StepState.DONE)
    late_at = SENT_AT + timedelta(days=settings.JOURNEYS_REMIND_AFTER_DAYS)
    path = _path(endpoint, plan)
    client = client_factory(org_a["newcomer"])
    clock.now = late_at - timedelta(seconds=1)
    before = _cached(client, path)
    assert _late(before, step) is False
    clock.now = late_at
    after = _changes(client, path, before)
    assert _late(after, step) is True


def _late(answer: bytes, step: PlanStep) -> bool:
    import json

    body = json.loads(answer)
    steps = (
        [row for stage in body["stages"] for row in stage["steps"]]
        if "stages" in body
        else body["now"] + body["next"]
    )
    return next(row["late"] for row in steps if row["id"] == step.pk)


@pytest.mark.django_db(transaction=True)
@ENDPOINTS
def test_outside_a_transaction_an_answer_is_built_in_one_snapshot(endpoint, plan, org_a, client_factory):
    """As in production (no test transaction around the request): a miss reads the fingerprint
    and builds the answer in one read snapshot (PostgreSQL: REPEATABLE READ; SQLite: a deferred
    read transaction, not the write lock its IMMEDIATE transactions take), then serves it."""
    path = _path(endpoint, plan)
    client = client_factory(org_a["newcomer"])
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        before = _read(client, path)
    opened = [
        query["sql"]
        for query in queries.captured_queries
        if "TRANSACTION" in query["sql"] or query["sql"].startswith("BEGIN")
    ]
    assert opened == (
        ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"]
        if connection.vendor == "postgresql"
        else ["BEGIN DEFERRED"]
    )
    assert not connection.in_atomic_block
    assert connection.get_autocommit()
    assert _cached(client, path) == before
    PlanStep.objects.filter(plan=plan).update(title={"en": "Changed"})
    _changes(client, path, before)


@pytest.mark.parametrize("endpoint", ["timeline", "today"])
def test_a_kept_answer_is_the_json_drf_gives(endpoint, plan, org_a, client_factory):
    """Kept as rendered JSON (welkom.core.responses), a kept answer has the body and headers of the
    answer built now; asked for indented JSON, it is indented as DRF indents any answer."""
    client = client_factory(org_a["newcomer"])
    path = _path(endpoint, plan)
    built = client.get(path)
    kept = client.get(path)
    assert kept.content == built.content
    assert kept["Content-Type"] == built["Content-Type"] == "application/json"
    assert kept.content == JSONRenderer().render(json.loads(kept.content))
    indented = client.get(path, HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    assert indented.content.startswith(b'{\n  "')
    assert json.loads(indented.content) == json.loads(kept.content)
