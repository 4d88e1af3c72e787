"""Channel membership follows the newcomer's profile: when HR moves them to another team, they
join that team's channel and leave the old one; direct conversations follow buddy and team lead."""

from __future__ import annotations

import pytest

from tests.chat.conftest import messages_url
from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.accounts import services as accounts
from welkom.accounts.models import Role, TeamMembership
from welkom.chat import services
from welkom.chat.models import Channel
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(org_a):  # type: ignore[no-untyped-def]
    """A second team with its own lead (who reads Dutch) and channel."""
    lead = UserFactory(organisation=org_a.organisation, role=Role.TEAM_LEAD, full_name="Wim Warehouse")
    services.reading_language_set(user=lead, language="nl")
    return accounts.team_create(organisation=org_a.organisation, name="Warehouse", lead=lead)


@pytest.fixture
def profile(org_a):  # type: ignore[no-untyped-def]
    return NewcomerProfileFactory(user=org_a["newcomer"], team=org_a.team, preferred_language="pl")


def _move(client_factory, org_a, profile, **change):  # type: ignore[no-untyped-def]
    response = client_factory(org_a["hr"]).patch(f"/api/newcomers/{profile.pk}", change, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _titles(client) -> list[str]:  # type: ignore[no-untyped-def]
    return [channel["title"] for channel in client.get("/api/chat/channels").json()["results"]]


def test_moving_a_newcomer_to_another_team_moves_them_between_channels(
    client_factory, org_a, team_channel, warehouse, profile
):
    services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Platform news", language="en"
    )
    newcomer = client_factory(org_a["newcomer"])
    assert _titles(newcomer) == ["Platform"]

    assert _move(client_factory, org_a, profile, team=warehouse.pk)["team"]["id"] == warehouse.pk

    assert set(TeamMembership.objects.filter(user=org_a["newcomer"]).values_list("team", flat=True)) == {
        warehouse.pk
    }
    assert _titles(newcomer) == ["Warehouse"]
    # The old channel is gone for them, history included …
    assert newcomer.get(messages_url(team_channel)).status_code == 404
    assert newcomer.get(messages_url(team_channel), {"after": 0}).status_code == 404
    assert newcomer.post(messages_url(team_channel), {"body": "Hoi"}, format="json").status_code == 404
    # … and the new one is theirs, translated into their language from now on.
    new_channel = Channel.objects.get(team=warehouse)
    assert (
        newcomer.post(
            messages_url(new_channel), {"body": "Cześć", "language": "pl"}, format="json"
        ).status_code
        == 201
    )
    assert services.channel_reading_languages(new_channel) == {"nl", "pl"}
    assert "pl" not in services.channel_reading_languages(team_channel)


def test_taking_the_team_away_leaves_the_channel_and_putting_it_back_rejoins(
    client_factory, org_a, team_channel, profile
):
    newcomer = client_factory(org_a["newcomer"])
    _move(client_factory, org_a, profile, team=None)
    assert _titles(newcomer) == []
    assert newcomer.get(messages_url(team_channel)).status_code == 404
    _move(client_factory, org_a, profile, team=org_a.team.pk)
    assert _titles(newcomer) == ["Platform"]
    assert newcomer.get(messages_url(team_channel)).status_code == 200


def test_an_invited_newcomer_joins_the_team_hr_chose_last(client_factory, org_a, team_channel, warehouse):
    hr = client_factory(org_a["hr"])
    created = hr.post(
        "/api/newcomers",
        {"email": "mira@alpha.test", "full_name": "Mira", "team": org_a.team.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    profile = NewcomerProfile.objects.get(pk=created.json()["id"])
    _move(client_factory, org_a, profile, team=warehouse.pk)

    invitation = profile.user.invitations.get(accepted_at__isnull=True, revoked_at__isnull=True)
    password = "a-long-good-password-1"
    user = accounts.invitation_accept(token=accounts.invitation_token(invitation), password=password)
    assert _titles(client_factory().login_as(user, password)) == ["Warehouse"]
    assert not team_channel.memberships.filter(user=user).exists()


def test_direct_conversations_follow_the_buddy_and_team_lead_in_the_profile(
    client_factory, org_a, warehouse, profile
):
    first_buddy = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE)
    second_buddy = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE)
    newcomer = client_factory(org_a["newcomer"])

    def partners() -> set[int]:
        return {person["id"] for person in newcomer.get("/api/chat/direct/partners").json()["results"]}

    assert partners() == {org_a["hr"].pk, org_a["team_lead"].pk}  # HR, and the lead of their team
    _move(client_factory, org_a, profile, buddy=first_buddy.pk)
    assert partners() == {org_a["hr"].pk, org_a["team_lead"].pk, first_buddy.pk}
    assert newcomer.post("/api/chat/direct", {"user": first_buddy.pk}, format="json").status_code == 200

    _move(
        client_factory, org_a, profile, buddy=second_buddy.pk, team=warehouse.pk, team_lead=warehouse.lead_id
    )
    assert partners() == {org_a["hr"].pk, warehouse.lead_id, second_buddy.pk}
    for person in (second_buddy.pk, warehouse.lead_id):
        assert newcomer.post("/api/chat/direct", {"user": person}, format="json").status_code == 200
    for person in (first_buddy.pk, org_a["team_lead"].pk):
        refused = newcomer.post("/api/chat/direct", {"user": person}, format="json")
        assert refused.status_code == 400
        assert "user" in refused.json()["fields"]
    # The new buddy sees the newcomer from their side too.
    buddy_side = client_factory(second_buddy).get("/api/chat/direct/partners").json()["results"]
    assert [person["id"] for person in buddy_side] == [org_a["newcomer"].pk]
