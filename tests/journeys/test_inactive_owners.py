"""Who does a step whose owner's account is inactive (erased, or invited and not yet joined): a
team-lead step goes to the newcomer's team lead, else the team's lead, the first of them who is
active; anything else nobody active does goes to the plan's HR contact while active, else to every
active HR person of the organisation. Sending, the reminder, "my steps", the timeline and who may
mark a step done follow the same rule; a person who joins (again) gets the next steps."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from tests.journeys.conftest import make_profile
from tests.journeys.endpoints import plan_with_a_step_per_owner
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.accounts.models import Invitation, User
from welkom.accounts.services import invitation_token
from welkom.journeys import dispatch, selectors, services
from welkom.journeys.models import Owner, Plan, PlanStep
from welkom.newcomers import services as newcomer_services
from welkom.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 1, 4, 10, tzinfo=UTC)  # 11:00 in Amsterdam: no quiet hours
LATER = timedelta(days=30)
JOINED = "Zeven koeien op de dijk 7"  # the password an invited person chooses


def _plan(org, template, *, profile=None, created_by=None):
    return services.plan_create(
        profile=profile or make_profile(org), template=template, created_by=created_by or org["hr"]
    )


def _step(plan, key):
    return PlanStep.objects.get(plan=plan, key=key)


def _only_due(plan, org, key):
    """Only ``key`` is due on Monday; the plan's other steps a month later."""
    moments = {step.key: MONDAY + LATER for step in plan.steps.all()}
    moments[key] = MONDAY
    for step_key, moment in moments.items():
        services.step_move(step=_step(plan, step_key), actor=org["hr"], due_at=moment)


def _told(step, kind="step"):
    return {n.recipient for n in Notification.objects.filter(dedupe_key=f"journey-{kind}:{step.pk}")}


def _deactivate(person):
    """As the admin site's "active" box does."""
    person.is_active = False
    person.save(update_fields=["is_active"])


def _mine(client) -> set[int]:
    """Every step id of the reader's "my steps", all pages."""
    found: set[int] = set()
    url = "/api/journeys/my-steps?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        found |= {step["id"] for step in response.json()["results"]}
        url = response.json()["next"]
    return found


def _on_timeline(client, step) -> dict:
    response = client.get(f"/api/journeys/plans/{step.plan_id}")
    assert response.status_code == 200, response.content
    shown = [s for stage in response.json()["stages"] for s in stage["steps"]]
    return next(s for s in shown if s["id"] == step.pk)


def _cannot_do(person, step):
    """An inactive person cannot sign in; were they to, the step is not theirs."""
    assert not selectors.steps_owned_by(person).filter(pk=step.pk).exists()
    assert not selectors.step_owned_by(PlanStep.objects.get(pk=step.pk), person)


def test_a_deactivated_buddys_step_goes_to_the_hr_contact(org_a, small_template, client_factory):
    buddy, hr = org_a["colleague"], org_a["hr"]
    plan = _plan(org_a, small_template)
    _only_due(plan, org_a, "coffee")
    _deactivate(buddy)
    dispatch.dispatch_tick(now=MONDAY)
    coffee = _step(plan, "coffee")
    assert _told(coffee) == {hr}
    hr_client = client_factory(hr)
    assert coffee.pk in _mine(hr_client)
    shown = _on_timeline(hr_client, coffee)
    assert (shown["owner_person"]["id"], shown["can_mark_done"]) == (hr.pk, True)
    _cannot_do(buddy, coffee)
    dispatch.overdue_check(now=MONDAY + timedelta(days=3))
    assert _told(coffee, "overdue") == {hr}


def test_an_erased_team_leads_step_goes_to_the_teams_lead(org_a, small_template, client_factory):
    gone = UserFactory(organisation=org_a.organisation, role="team_lead", email="gone@alpha.test")
    profile = newcomer_services.profile_update(
        profile=make_profile(org_a), changed_by=org_a["hr"], team_lead=gone
    )
    plan = _plan(org_a, small_template, profile=profile)
    _only_due(plan, org_a, "welcome")
    erased = client_factory(org_a["admin"]).post(
        "/api/privacy/erasures", {"user": gone.pk, "confirm_email": gone.email}, format="json"
    )
    assert erased.status_code == 201, erased.content
    services.step_mark_done(step=_step(plan, "laptop"), by=org_a["hr"])  # the welcome waits for it
    dispatch.dispatch_tick(now=MONDAY)
    welcome = _step(plan, "welcome")
    team_lead = org_a["team_lead"]  # the team's lead
    assert _told(welcome) == {team_lead}
    lead = client_factory(team_lead)
    assert welcome.pk in _mine(lead)
    shown = _on_timeline(lead, welcome)
    assert (shown["owner_person"]["id"], shown["can_mark_done"]) == (team_lead.pk, True)
    gone.refresh_from_db()
    _cannot_do(gone, welcome)
    done = lead.post(f"/api/journeys/steps/{welcome.pk}/done")
    assert (done.status_code, done.json()["state"]) == (200, "done")


def test_when_the_hr_contact_is_inactive_every_active_hr_person_gets_the_step_and_its_reminder(
    org_a, small_template, client_factory
):
    second = UserFactory(organisation=org_a.organisation, role="hr")
    UserFactory(organisation=org_a.organisation, role="hr", is_active=False)
    contact = UserFactory(organisation=org_a.organisation, role="hr")
    plan = _plan(org_a, small_template, created_by=contact)
    _only_due(plan, org_a, "laptop")
    _deactivate(contact)
    dispatch.dispatch_tick(now=MONDAY)
    laptop = _step(plan, "laptop")
    assert _told(laptop) == {org_a["hr"], second}
    dispatch.overdue_check(now=MONDAY + timedelta(days=3))
    assert _told(laptop, "overdue") == {org_a["hr"], second}
    for person in (org_a["hr"], second):
        assert laptop.pk in _mine(client_factory(person))
    # Two people do it: the timeline names no one of them, HR may mark it done.
    shown = _on_timeline(client_factory(second), laptop)
    assert (shown["owner_person"], shown["can_mark_done"]) == (None, True)
    _cannot_do(contact, laptop)


def _coffee_sent_to_hr_while_the_buddy_is_invited(org_a, template, client_factory):
    """HR invites a buddy (not active yet); the plan's buddy step, the coffee, is sent to HR."""
    hr = client_factory(org_a["hr"])
    invited = hr.post("/api/invitations", {"email": "nina@alpha.test", "role": "colleague"}, format="json")
    assert invited.status_code == 201, invited.content
    buddy = User.objects.get(email="nina@alpha.test")
    assert not buddy.is_active
    profile = newcomer_services.profile_update(
        profile=make_profile(org_a), changed_by=org_a["hr"], buddy=buddy
    )
    plan = _plan(org_a, template, profile=profile)
    _only_due(plan, org_a, "coffee")
    dispatch.dispatch_tick(now=MONDAY)
    coffee = _step(plan, "coffee")
    assert _told(coffee) == {org_a["hr"]}
    return hr, buddy, plan, coffee


def _accept(buddy, client_factory):
    accepted = client_factory().post(
        "/api/invitations/accept",
        {"token": invitation_token(Invitation.objects.get(user=buddy)), "password": JOINED},
        format="json",
    )
    assert accepted.status_code in (200, 201), accepted.content
    buddy.refresh_from_db()
    return client_factory().login_as(buddy, JOINED)


def test_an_invited_buddy_gets_the_steps_after_accepting(org_a, small_template, client_factory):
    hr, buddy, plan, coffee = _coffee_sent_to_hr_while_the_buddy_is_invited(
        org_a, small_template, client_factory
    )
    assert coffee.pk in _mine(hr)
    _cannot_do(buddy, coffee)

    joined = _accept(buddy, client_factory)
    lunch = services.step_add(
        plan=plan, actor=org_a["hr"], stage="first-day", kind="meeting", owner="buddy", title="Lunch"
    )
    services.step_move(step=lunch, actor=org_a["hr"], due_at=MONDAY + timedelta(days=1))
    dispatch.dispatch_tick(now=MONDAY + timedelta(days=1))
    assert _told(_step(plan, lunch.key)) == {buddy}
    assert {coffee.pk, lunch.pk} <= _mine(joined)  # the coffee is theirs now too
    assert not {coffee.pk, lunch.pk} & _mine(hr)
    assert _on_timeline(joined, lunch)["can_mark_done"] is True


def test_hrs_notice_of_a_step_goes_to_the_buddy_who_accepts(org_a, small_template, client_factory):
    """The coffee went to HR while the buddy was invited; once they accept it is theirs: HR's bell
    no longer shows it (nor its e-mail waits to be sent), the buddy's does, with their link."""
    hr, buddy, plan, coffee = _coffee_sent_to_hr_while_the_buddy_is_invited(
        org_a, small_template, client_factory
    )
    inbox = hr.get("/api/notifications").json()["results"]
    assert any(notice["link"] == f"/journeys/plans/{plan.pk}" for notice in inbox)

    joined = _accept(buddy, client_factory)
    assert _told(coffee) == {buddy}
    assert hr.get("/api/notifications").json()["results"] == []
    assert not Delivery.objects.filter(notification__recipient=org_a["hr"]).exists()
    [notice] = joined.get("/api/notifications").json()["results"]
    assert notice["link"] == "/"
    assert coffee.pk in _mine(joined)


# --- The newcomer's buddy, team lead or team changes --------------------------------------------------


def _hr_changes(client_factory, org, plan, **fields):
    """As HR's edit of the newcomer's profile does."""
    response = client_factory(org["hr"]).patch(f"/api/newcomers/{plan.profile_id}", fields, format="json")
    assert response.status_code == 200, response.content


def _inbox(client_factory, person) -> list[dict]:
    return client_factory(person).get("/api/notifications").json()["results"]


def test_a_sent_buddy_step_moves_with_the_buddy(org_a, small_template, client_factory):
    """The coffee went to the buddy; HR gives the newcomer another buddy: the old buddy's bell and
    steps no longer show it (nor its e-mail waits to be sent), the new buddy's do."""
    old = org_a["colleague"]
    new = UserFactory(organisation=org_a.organisation, full_name="Ilse Vos")
    plan = _plan(org_a, small_template)
    _only_due(plan, org_a, "coffee")
    dispatch.dispatch_tick(now=MONDAY)
    coffee = _step(plan, "coffee")
    assert _told(coffee) == {old}

    _hr_changes(client_factory, org_a, plan, buddy=new.pk)
    assert _told(coffee) == {new}
    assert _inbox(client_factory, old) == []
    assert not Delivery.objects.filter(notification__recipient=old).exists()
    assert coffee.pk not in _mine(client_factory(old))
    [notice] = _inbox(client_factory, new)
    assert notice["link"] == "/"
    assert coffee.pk in _mine(client_factory(new))

    _hr_changes(client_factory, org_a, plan, buddy=None)  # no buddy: the HR contact does it
    assert _told(coffee) == {org_a["hr"]}
    assert _inbox(client_factory, new) == []


def test_a_reminded_team_lead_step_moves_with_the_team_lead_as_the_reminder(
    org_a, small_template, client_factory
):
    lead = org_a["team_lead"]
    new = UserFactory(organisation=org_a.organisation, role="team_lead", full_name="Joost Smit")
    plan = _plan(org_a, small_template)
    intro = services.step_add(
        plan=plan, actor=org_a["hr"], stage="first-day", kind="meeting", owner="team_lead", title="Intro"
    )
    _only_due(plan, org_a, intro.key)
    dispatch.dispatch_tick(now=MONDAY)
    dispatch.overdue_check(now=MONDAY + timedelta(days=3))
    intro = _step(plan, intro.key)
    assert (_told(intro), _told(intro, "overdue")) == (set(), {lead})  # the reminder replaced it

    _hr_changes(client_factory, org_a, plan, team_lead=new.pk)
    assert (_told(intro), _told(intro, "overdue")) == (set(), {new})
    assert _inbox(client_factory, lead) == []
    assert intro.pk in _mine(client_factory(new))
    assert intro.pk not in _mine(client_factory(lead))


def _team_step_sent(org, template) -> tuple[Plan, PlanStep]:
    """A plan whose team step, the tour, the dispatcher sent on Monday to the team's members."""
    plan = _plan(org, template)
    tour = services.step_add(
        plan=plan, actor=org["hr"], stage="first-day", kind="meeting", owner="team", title="Tour"
    )
    _only_due(plan, org, tour.key)
    dispatch.dispatch_tick(now=MONDAY)
    return plan, _step(plan, tour.key)


def test_a_sent_team_step_moves_to_the_new_teams_members(org_a, small_template, client_factory):
    """Each member of the newcomer's team gets a team step; the newcomer moves to another team:
    its members get it, the old team's no longer have it."""
    other_team = TeamFactory(organisation=org_a.organisation, name="Magazijn")
    mate = UserFactory(organisation=org_a.organisation, full_name="Piotr Nowak")
    TeamMembershipFactory(team=other_team, user=mate)
    plan, tour = _team_step_sent(org_a, small_template)
    before = _told(tour)
    assert before
    assert mate not in before

    _hr_changes(client_factory, org_a, plan, team=other_team.pk)
    assert _told(tour) == {mate}
    for person in before:
        assert tour.pk not in _mine(client_factory(person))
    assert tour.pk in _mine(client_factory(mate))


# --- "My steps" and sending agree ------------------------------------------------------------------

LEADS = ("active", "inactive", "missing")  # the newcomer's own team lead
TEAMS = ("lead active", "lead inactive", "none")  # their team (its lead; a team nobody active is in)
BUDDIES = ("active", "inactive", "missing")
CONTACTS = ("active", "inactive")


def _case_plan(org, newcomer, *, team, team_lead, buddy, contact) -> Plan:
    """A plan with one sent step for each kind of owner but the newcomer."""
    profile = NewcomerProfileFactory(user=newcomer, team=team, team_lead=team_lead, buddy=buddy)
    return plan_with_a_step_per_owner(
        organisation=org.organisation,
        profile=profile,
        hr_contact=contact,
        owners=(Owner.TEAM_LEAD, Owner.BUDDY, Owner.HR, Owner.TEAM),
        template_slug="cases",
    )


def test_everyone_a_step_goes_to_sees_it_in_my_steps_and_no_one_else(org_a, org_b, client_factory):
    organisation = org_a.organisation
    person = {
        "own lead": UserFactory(organisation=organisation, role="team_lead"),
        "own lead gone": UserFactory(organisation=organisation, role="team_lead", is_active=False),
        "buddy gone": UserFactory(organisation=organisation, role="colleague", is_active=False),
        "second hr": UserFactory(organisation=organisation, role="hr"),
        "hr gone": UserFactory(organisation=organisation, role="hr", is_active=False),
        "other lead gone": UserFactory(organisation=organisation, role="team_lead", is_active=False),
    }
    empty_team = TeamFactory(organisation=organisation, name="Night shift", lead=person["other lead gone"])
    TeamMembershipFactory(team=empty_team, user=person["other lead gone"])
    teams = {"lead active": org_a.team, "lead inactive": empty_team, "none": None}
    leads = {"active": person["own lead"], "inactive": person["own lead gone"], "missing": None}
    buddies = {"active": org_a["colleague"], "inactive": person["buddy gone"], "missing": None}
    contacts = {"active": org_a["hr"], "inactive": person["hr gone"]}
    cases = {}
    for lead, team, buddy, contact in itertools.product(LEADS, TEAMS, BUDDIES, CONTACTS):
        newcomer = UserFactory(organisation=organisation, role="newcomer")
        cases[(lead, team, buddy, contact)] = _case_plan(
            org_a,
            newcomer,
            team=teams[team],
            team_lead=leads[lead],
            buddy=buddies[buddy],
            contact=contacts[contact],
        )
    _case_plan(  # another organisation's plan reaches none of org_a's people
        org_b, org_b["newcomer"], team=org_b.team, team_lead=None, buddy=None, contact=None
    )
    # "My steps" through the API; for who cannot sign in (inactive) or may not open it (a newcomer
    # in the team gets its team steps), the selector that answers it.
    mine = {
        p.pk: _mine(client_factory(p))
        if p.is_active and p.role != "newcomer"
        else set(selectors.steps_owned_by(p).values_list("pk", flat=True))
        for p in User.objects.filter(organisation=organisation)
    }
    for case, plan in cases.items():
        plan = selectors.with_people(Plan.objects.select_related(*selectors.PLAN_RELATED).get(pk=plan.pk))
        assert plan is not None
        for step in plan.steps.all():
            goes_to = {p.pk for p in dispatch.step_recipients(step, plan)}
            sees_it = {pk for pk, steps in mine.items() if step.pk in steps}
            assert goes_to, (case, step.owner)  # someone always does it here
            assert goes_to == sees_it, (case, step.owner)
            assert all(User.objects.get(pk=pk).is_active for pk in goes_to), (case, step.owner)


def test_the_organisations_hr_people_are_read_once_per_answer_and_per_batch(
    org_a, small_template, client_factory
):
    """A step that falls to the organisation's HR people reads them once per organisation: "my
    steps" and a tick read as often for three such steps more as for one."""
    contact = UserFactory(organisation=org_a.organisation, role="hr")
    reader = client_factory(org_a["hr"])

    def plans_and_count(new, total):
        for _ in range(new):
            newcomer = UserFactory(organisation=org_a.organisation, role="newcomer")
            plan = _plan(
                org_a, small_template, profile=make_profile(org_a, user=newcomer), created_by=contact
            )
            _only_due(plan, org_a, "laptop")
        _deactivate(contact)
        with CaptureQueriesContext(connection) as tick:
            assert dispatch.dispatch_tick(now=MONDAY).sent == new
        with CaptureQueriesContext(connection) as answer:
            assert len(_mine(reader)) == total
        contact.is_active = True
        contact.save(update_fields=["is_active"])
        return len(tick.captured_queries), len(answer.captured_queries)

    plans_and_count(1, 1)  # reads what a process reads once (the template's texts, the watermark)
    one = plans_and_count(1, 2)
    assert plans_and_count(3, 5) == one


def test_a_sent_team_step_follows_the_teams_members(org_a, small_template, client_factory):
    """HR adds a member to the newcomer's team: they get the sent team step; HR removes one: their
    notice is withdrawn and the step leaves their "my steps"."""
    _, tour = _team_step_sent(org_a, small_template)
    hr = client_factory(org_a["hr"])
    joiner = UserFactory(organisation=org_a.organisation, full_name="Radu Popescu")
    added = hr.post(f"/api/teams/{org_a.team.pk}/members", {"user": joiner.pk}, format="json")
    assert added.status_code == 201, added.content
    assert joiner in _told(tour)
    assert tour.pk in _mine(client_factory(joiner))

    leaver = org_a["colleague"]
    assert leaver in _told(tour)
    assert hr.delete(f"/api/teams/{org_a.team.pk}/members/{leaver.pk}").status_code == 204
    assert leaver not in _told(tour)
    assert joiner in _told(tour)
    assert tour.pk not in _mine(client_factory(leaver))
