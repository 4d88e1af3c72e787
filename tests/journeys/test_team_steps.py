"""Team steps (owner "team", issue 18): a step that reaches every member of the newcomer's team.

Each member sees it among their own steps and marks their own part done; the step is done when every
member of the team has done theirs, or when HR marks it done. The newcomer, people in other teams and
other organisations neither get it nor can mark it."""

from datetime import UTC, date, datetime

import pytest

from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from tests.journeys.conftest import make_profile
from welkom.content.services import content_sync
from welkom.journeys import dispatch, services
from welkom.journeys.models import JourneyTemplate, Owner, PlanStep
from welkom.notifications.models import Notification

pytestmark = pytest.mark.django_db

ARRIVAL = date(2026, 11, 2)
# After every step before arrival is due, before anything is overdue.
SENT_AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
ROUTES = ["ict-kennismigrant", "eu-worker", "short-stay", "agency-worker"]


@pytest.fixture
def synced(db):
    return content_sync()


@pytest.fixture
def people(org_a, org_b):
    """The newcomer's team (Platform: lead, newcomer, buddy) gains one more member; a colleague in
    another team of the same organisation and one in another organisation."""
    mate = UserFactory(organisation=org_a.organisation, role="colleague", email="mate@alpha.test")
    TeamMembershipFactory(team=org_a.team, user=mate)
    other_team = TeamFactory(organisation=org_a.organisation, name="Warehouse")
    outsider = UserFactory(organisation=org_a.organisation, role="colleague", email="out@alpha.test")
    TeamMembershipFactory(team=other_team, user=outsider)
    return {"mate": mate, "outsider": outsider, "elsewhere": org_b["colleague"]}


def _team_step(org, slug="eu-worker") -> PlanStep:
    profile = make_profile(org, arrival=ARRIVAL, first_day=date(2026, 11, 9))
    template = JourneyTemplate.objects.get(slug=slug)
    plan = services.plan_create(profile=profile, template=template, created_by=org["hr"])
    return plan.steps.get(owner=Owner.TEAM)


def _mine(client) -> list[int]:
    response = client.get("/api/journeys/my-steps")
    assert response.status_code == 200
    return [step["id"] for step in response.json()["results"]]


def _inbox(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("dedupe_key", flat=True))


@pytest.mark.parametrize("slug", ROUTES)
def test_every_route_gives_the_team_a_colleague_module_before_arrival(synced, org_a, slug):
    step = _team_step(org_a, slug)
    assert step.kind == "module"
    assert step.ref == "clear-language"
    assert step.due_at is not None
    assert step.due_at.date() < ARRIVAL


def test_each_member_gets_the_step_and_marks_their_own_part(synced, client_factory, org_a, people):
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    key = f"journey-step:{step.pk}"
    members = [org_a["team_lead"], org_a["colleague"], people["mate"]]
    for member in members:
        assert key in _inbox(member)
        assert step.pk in _mine(client_factory(member))
    for stranger in (org_a["newcomer"], people["outsider"], people["elsewhere"]):
        assert key not in _inbox(stranger)

    mate = client_factory(people["mate"])
    shown = next(s for s in mate.get("/api/journeys/my-steps").json()["results"] if s["id"] == step.pk)
    assert shown["owner"] == "team"
    assert shown["owner_person"] is None
    assert shown["can_mark_done"] is True
    assert shown["team_parts"] == {"done": 0, "total": 3}

    response = mate.post(f"/api/journeys/steps/{step.pk}/done")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "sent"  # the others have not done their part yet
    assert body["team_parts"] == {"done": 1, "total": 3}
    assert body["can_mark_done"] is False
    assert step.pk not in _mine(mate)
    assert key not in _inbox(people["mate"])
    assert key in _inbox(org_a["colleague"])
    # Marking one's part again changes nothing.
    assert mate.post(f"/api/journeys/steps/{step.pk}/done").json()["team_parts"] == {"done": 1, "total": 3}

    assert client_factory(org_a["colleague"]).post(f"/api/journeys/steps/{step.pk}/done").status_code == 200
    last = client_factory(org_a["team_lead"]).post(f"/api/journeys/steps/{step.pk}/done")
    assert last.json()["state"] == "done"
    assert last.json()["team_parts"] == {"done": 3, "total": 3}
    assert not Notification.objects.filter(dedupe_key=key).exists()
    history = client_factory(org_a["hr"]).get(f"/api/journeys/plans/{step.plan_id}/history").json()
    kinds = [event["kind"] for event in history["results"]]
    assert kinds.count("team_part_done") == 3
    assert "step_done" in kinds


def test_the_newcomer_sees_it_but_cannot_mark_it(synced, client_factory, org_a, people):
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    newcomer = client_factory(org_a["newcomer"])
    assert newcomer.post(f"/api/journeys/steps/{step.pk}/done").status_code == 403
    today = newcomer.get("/api/journeys/today").json()
    assert step.pk not in [s["id"] for s in today["now"] + today["next"]]
    assert PlanStep.objects.get(pk=step.pk).state == "sent"


def test_another_newcomer_of_the_team_neither_gets_nor_counts_for_it(synced, client_factory, org_a, people):
    """A newcomer who is a member of the team (arrived earlier) does no other newcomer's team step:
    no notification with a link their role cannot open, no step to see or mark, not counted in
    the parts; the step is done when the colleagues have done theirs."""
    earlier = UserFactory(organisation=org_a.organisation, role="newcomer", email="earlier@alpha.test")
    TeamMembershipFactory(team=org_a.team, user=earlier)
    step = _team_step(org_a)
    assert earlier not in dispatch.step_recipients(step, step.plan)
    dispatch.dispatch_tick(now=SENT_AT)
    key = f"journey-step:{step.pk}"
    assert key not in _inbox(earlier)
    client = client_factory(earlier)
    assert client.post(f"/api/journeys/steps/{step.pk}/done").status_code == 404
    assert client.get(f"/api/journeys/plans/{step.plan_id}").status_code == 404
    dispatch.overdue_check(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert f"journey-overdue:{step.pk}" not in _inbox(earlier)

    members = [org_a["team_lead"], org_a["colleague"], people["mate"]]
    for member in members[:-1]:
        assert client_factory(member).post(f"/api/journeys/steps/{step.pk}/done").status_code == 200
    last = client_factory(members[-1]).post(f"/api/journeys/steps/{step.pk}/done").json()
    assert last["team_parts"] == {"done": 3, "total": 3}
    assert last["state"] == "done"


def test_other_teams_and_organisations_neither_see_nor_mark_it(synced, client_factory, org_a, people):
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    for stranger in (people["outsider"], people["elsewhere"]):
        client = client_factory(stranger)
        assert step.pk not in _mine(client)
        assert client.post(f"/api/journeys/steps/{step.pk}/done").status_code == 404
    assert PlanStep.objects.get(pk=step.pk).team_parts.count() == 0


def test_hr_marks_the_whole_step_done(synced, client_factory, org_a, people):
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    response = client_factory(org_a["hr"]).post(f"/api/journeys/steps/{step.pk}/done")
    assert response.json()["state"] == "done"
    assert step.pk not in _mine(client_factory(people["mate"]))
    assert f"journey-step:{step.pk}" not in _inbox(people["mate"])


def test_the_reminder_goes_only_to_members_whose_part_is_open(synced, client_factory, org_a, people):
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    client_factory(people["mate"]).post(f"/api/journeys/steps/{step.pk}/done")
    dispatch.overdue_check(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    key = f"journey-overdue:{step.pk}"
    assert key in _inbox(org_a["colleague"])
    assert key in _inbox(org_a["team_lead"])
    assert key not in _inbox(people["mate"])
    assert key not in _inbox(org_a["newcomer"])


def test_a_team_without_other_members_leaves_the_step_to_hr(synced, client_factory, org_a):
    org_a.team.memberships.exclude(user=org_a["newcomer"]).delete()
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    assert f"journey-step:{step.pk}" in _inbox(org_a["hr"])
    shown = client_factory(org_a["hr"]).get(f"/api/journeys/plans/{step.plan_id}").json()
    team_step = next(s for stage in shown["stages"] for s in stage["steps"] if s["id"] == step.pk)
    assert team_step["owner_person"]["id"] == org_a["hr"].pk
    assert team_step["team_parts"] == {"done": 0, "total": 0}


def test_a_team_step_left_to_hr_moves_to_the_first_member_who_joins(synced, client_factory, org_a):
    """HR got the team step while the team had nobody else; a colleague invited into the team
    accepts: the notice leaves HR's bell and is theirs."""
    from welkom.accounts.models import Invitation, User
    from welkom.accounts.services import invitation_token

    org_a.team.memberships.exclude(user=org_a["newcomer"]).delete()
    step = _team_step(org_a)
    dispatch.dispatch_tick(now=SENT_AT)
    key = f"journey-step:{step.pk}"
    assert key in _inbox(org_a["hr"])
    invited = client_factory(org_a["hr"]).post(
        "/api/invitations",
        {"email": "joiner@alpha.test", "role": "colleague", "team": org_a.team.pk},
        format="json",
    )
    assert invited.status_code == 201, invited.content
    joiner = User.objects.get(email="joiner@alpha.test")
    accepted = client_factory().post(
        "/api/invitations/accept",
        {
            "token": invitation_token(Invitation.objects.get(user=joiner)),
            "password": "Zeven koeien op de dijk 7",
        },
        format="json",
    )
    assert accepted.status_code in (200, 201), accepted.content
    assert key not in _inbox(org_a["hr"])
    assert key in _inbox(joiner)
    joiner.refresh_from_db()
    assert step.pk in _mine(client_factory().login_as(joiner, "Zeven koeien op de dijk 7"))
