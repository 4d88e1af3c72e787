"""Who may read which channel: members only, one organisation, and leaving means losing access."""

from __future__ import annotations

import pytest

from tests.chat.conftest import messages_url
from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.accounts import services as accounts
from welkom.accounts.models import Role
from welkom.chat import services
from welkom.chat.models import Channel, ChannelMembership, ChatReader

pytestmark = pytest.mark.django_db


def test_creating_a_team_creates_its_channel_with_its_members(org_a):
    team = accounts.team_create(organisation=org_a.organisation, name="Warehouse", lead=org_a["team_lead"])
    channel = Channel.objects.get(team=team)
    assert channel.kind == "team"
    assert channel.name == "Warehouse"
    accounts.team_member_add(team=team, user=org_a["newcomer"])
    members = set(
        ChannelMembership.objects.filter(channel=channel, left_at__isnull=True).values_list("user", flat=True)
    )
    assert members == {org_a["team_lead"].pk, org_a["newcomer"].pk}


def test_a_newcomer_who_left_the_team_cannot_read_its_channel(client_factory, org_a, team_channel):
    services.message_post(channel=team_channel, author=org_a["team_lead"], body="Secret plans", language="en")
    newcomer = client_factory(org_a["newcomer"])
    assert newcomer.get(messages_url(team_channel)).status_code == 200
    accounts.team_member_remove(team=org_a.team, user=org_a["newcomer"])

    assert newcomer.get(messages_url(team_channel)).status_code == 404
    assert newcomer.get(messages_url(team_channel), {"after": 0}).status_code == 404
    assert newcomer.post(messages_url(team_channel), {"body": "hi"}, format="json").status_code == 404
    assert newcomer.get(f"/api/chat/channels/{team_channel.pk}").status_code == 404
    assert newcomer.get("/api/chat/channels").json()["results"] == []
    message = team_channel.messages.get()
    assert newcomer.patch(f"/api/chat/messages/{message.pk}", {"body": "x"}, format="json").status_code == 404


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_people_outside_the_channel_see_nothing_of_it(client_factory, org_a, team_channel, role):
    outsider = client_factory(org_a[role])
    assert outsider.get(messages_url(team_channel)).status_code == 404
    assert outsider.post(messages_url(team_channel), {"body": "hi"}, format="json").status_code == 404
    assert (
        outsider.post(f"/api/chat/channels/{team_channel.pk}/read", {"seq": 1}, format="json").status_code
        == 404
    )


def test_another_organisation_gets_404_everywhere(client_factory, org_a, org_b, team_channel):
    message = services.message_post(channel=team_channel, author=org_a["team_lead"], body="Hi", language="en")
    for role in ("team_lead", "hr", "newcomer"):
        stranger = client_factory(org_b[role])
        assert stranger.get(messages_url(team_channel)).status_code == 404
        assert stranger.get(f"/api/chat/channels/{team_channel.pk}").status_code == 404
        assert stranger.post(messages_url(team_channel), {"body": "hi"}, format="json").status_code == 404
        assert stranger.delete(f"/api/chat/messages/{message.pk}").status_code == 404
        assert stranger.post(
            "/api/chat/helper/preview", {"text": "hi", "channel": team_channel.pk}, format="json"
        ).status_code in (403, 404)
    response = client_factory(org_b["newcomer"]).post(
        "/api/chat/direct", {"user": org_a["hr"].pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"user": ["Unknown person."]}


def test_a_channel_number_beyond_any_id_is_404_not_a_server_error(client_factory, org_a, team_channel):
    """Found by the API fuzz test on SQLite (which cannot hold such a number): a member asking for a
    channel id beyond 64 bits gets 404, in the URL as in the helper's body."""
    huge = 6_194_167_502_286_662_664_192
    lead = client_factory(org_a["team_lead"])
    assert lead.get(f"/api/chat/channels/{huge}/messages").status_code == 404
    assert lead.get(f"/api/chat/channels/{huge}/messages?after=0&wait=0").status_code == 404
    assert lead.post(f"/api/chat/channels/{huge}/messages", {"body": "hi"}, format="json").status_code == 404
    preview = lead.post("/api/chat/helper/preview", {"text": "hi", "channel": huge}, format="json")
    assert preview.status_code == 404, preview.content
    assert lead.get(messages_url(team_channel)).status_code == 200  # the lead's own channel still answers


def test_newcomer_talks_directly_with_hr_buddy_and_team_lead_only(client_factory, org_a):
    buddy = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE)
    NewcomerProfileFactory(user=org_a["newcomer"], buddy=buddy)
    newcomer = client_factory(org_a["newcomer"])
    for partner in (org_a["hr"], buddy, org_a["team_lead"]):
        response = newcomer.post("/api/chat/direct", {"user": partner.pk}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["kind"] == "direct"
    again = newcomer.post("/api/chat/direct", {"user": org_a["hr"].pk}, format="json")
    assert Channel.objects.filter(kind="direct").count() == 3  # the same pair keeps one conversation
    assert again.json()["title"] == org_a["hr"].display_name

    refused = newcomer.post("/api/chat/direct", {"user": org_a["colleague"].pk}, format="json")
    assert refused.status_code == 400
    assert "user" in refused.json()["fields"]
    between_staff = client_factory(org_a["colleague"]).post(
        "/api/chat/direct", {"user": org_a["hr"].pk}, format="json"
    )
    assert between_staff.status_code == 400


def test_channel_list_shows_unread_counts_in_a_fixed_number_of_queries(
    client_factory, org_a, team_channel, django_assert_max_num_queries
):
    lead = org_a["team_lead"]
    for n in range(3):
        services.message_post(channel=team_channel, author=lead, body=f"News {n}", language="en")
    services.message_post(channel=team_channel, author=org_a["colleague"], body="Mine", language="nl")
    deleted = services.message_post(channel=team_channel, author=lead, body="Oops", language="en")
    services.message_delete(message=deleted, deleted_by=lead)
    services.direct_channel_open(opened_by=org_a["newcomer"], other=org_a["hr"])

    colleague = client_factory(org_a["colleague"])
    with django_assert_max_num_queries(6):
        channels = colleague.get("/api/chat/channels").json()["results"]
    assert [(c["title"], c["unread"]) for c in channels] == [
        ("Platform", 3)
    ]  # own and deleted ones don't count

    last = team_channel.messages.order_by("-seq").first().seq
    assert colleague.post(
        f"/api/chat/channels/{team_channel.pk}/read", {"seq": last}, format="json"
    ).json() == {"seq": last}
    assert colleague.get("/api/chat/channels").json()["results"][0]["unread"] == 0
    services.message_post(channel=team_channel, author=lead, body="One more", language="en")
    assert colleague.get("/api/chat/channels").json()["results"][0]["unread"] == 1
    newcomer_view = client_factory(org_a["newcomer"]).get("/api/chat/channels").json()["results"]
    assert sorted(c["kind"] for c in newcomer_view) == ["direct", "team"]


def test_read_position_cannot_be_negative(client_factory, org_a, team_channel):
    response = client_factory(org_a["colleague"]).post(
        f"/api/chat/channels/{team_channel.pk}/read", {"seq": -1}, format="json"
    )
    assert response.status_code == 400
    assert "seq" in response.json()["fields"]


def test_reading_language_can_be_chosen(client_factory, org_a, translator):
    client = client_factory(org_a["newcomer"])
    assert client.get("/api/chat/reading-language").json() == {
        "language": org_a["newcomer"].language,
        "translatable": True,
        "notice": None,
    }
    assert client.put("/api/chat/reading-language", {"language": "RO"}, format="json").json() == {
        "language": "ro",
        "translatable": True,
        "notice": None,
    }


@pytest.mark.parametrize("value", ["Romanian", "xx", "qqq", "", "ro-RO"])
def test_an_unknown_reading_language_is_a_400_naming_the_field(client_factory, org_a, value):
    client = client_factory(org_a["newcomer"])
    bad = client.put("/api/chat/reading-language", {"language": value}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == ["language"]
    assert not ChatReader.objects.exists()


def test_a_language_no_package_translates_into_is_allowed_and_says_so(client_factory, org_a, translator):
    client = client_factory(org_a["newcomer"])
    answer = client.put("/api/chat/reading-language", {"language": "ti"}, format="json").json()
    assert (answer["language"], answer["translatable"]) == ("ti", False)
    assert "No installed language package translates into 'ti'" in answer["notice"]
    assert client.get("/api/chat/reading-language").json() == answer


def test_with_argos_the_installed_packages_decide_what_is_translatable(
    client_factory, org_a, languages, settings
):
    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    client = client_factory(org_a["newcomer"])
    for language, translatable in [("pl", True), ("nl", True), ("ro", False)]:
        answer = client.put("/api/chat/reading-language", {"language": language}, format="json").json()
        assert answer["translatable"] is translatable, language


def test_channel_detail_lists_the_languages_read(client_factory, org_a, team_channel):
    detail = client_factory(org_a["newcomer"]).get(f"/api/chat/channels/{team_channel.pk}").json()
    assert detail["languages"] == ["en", "nl", "pl"]
    assert detail["my_language"] == "pl"


def test_the_migration_gives_existing_teams_their_channel(org_a):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("welkom.chat.migrations.0002_team_channels_backfill").backfill
    assert not Channel.objects.exists()
    backfill(apps, None)
    channel = Channel.objects.get(team=org_a.team)
    members = set(channel.memberships.values_list("user_id", flat=True))
    assert members == {org_a["team_lead"].pk, org_a["newcomer"].pk, org_a["colleague"].pk}
    backfill(apps, None)  # running it again changes nothing
    assert Channel.objects.count() == 1


def test_accepting_an_invitation_into_a_team_joins_its_channel(org_a, team_channel):
    invitation = accounts.invitation_create(
        invited_by=org_a["hr"], email="new@alpha.test", role="newcomer", team=org_a.team
    )
    user = accounts.invitation_accept(
        token=accounts.invitation_token(invitation), password="a-long-good-password-1"
    )
    assert team_channel.memberships.filter(user=user, left_at__isnull=True).exists()


def test_each_side_sees_whom_they_may_talk_to_directly(client_factory, org_a, org_b):
    buddy = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE, full_name="Bea Buddy")
    NewcomerProfileFactory(user=org_a["newcomer"], buddy=buddy)

    def names(user):
        return {p["id"] for p in client_factory(user).get("/api/chat/direct/partners").json()["results"]}

    assert names(org_a["newcomer"]) == {org_a["hr"].pk, buddy.pk, org_a["team_lead"].pk}
    assert names(buddy) == {org_a["newcomer"].pk}
    assert names(org_a["team_lead"]) == {org_a["newcomer"].pk}
    assert names(org_a["hr"]) == {org_a["newcomer"].pk}
    assert names(org_a["colleague"]) == set()
    assert org_b["newcomer"].pk not in names(org_a["hr"])
