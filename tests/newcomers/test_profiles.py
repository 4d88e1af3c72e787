from datetime import date

import pytest

from tests.factories import TeamFactory, UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.accounts.models import Invitation, TeamMembership
from welkom.newcomers import services
from welkom.newcomers.models import NewcomerProfile, ProfileChange
from welkom.newcomers.signals import profile_changed

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "email": "ravi@example.test",
    "full_name": "Ravi Kumar",
    "home_country": "in",
    "languages_spoken": ["hi", "en"],
    "time_zone": "Asia/Kolkata",
    "offer_signed_on": "2026-09-01",
    "arrival_on": "2026-11-02",
    "first_day_on": "2026-11-09",
    "has_partner": True,
    "children": [{"first_name": "Asha", "birth_date": "2021-05-04"}],
    "tenure": "renting",
    "municipality": "eindhoven",
}


@pytest.fixture
def profile(org_a):
    return services.profile_update(
        profile=NewcomerProfileFactory(user=org_a["newcomer"], team=org_a.team),
        changed_by=org_a["hr"],
        arrival_on=date(2026, 11, 2),
        first_day_on=date(2026, 11, 9),
        buddy=org_a["colleague"],
    )


def test_hr_adds_a_newcomer_who_is_invited(client_factory, org_a, django_capture_on_commit_callbacks):
    hr = client_factory(org_a["hr"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = hr.post("/api/newcomers", {**PAYLOAD, "team": org_a.team.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["account"] == "invited"
    assert body["home_country"] == "IN"
    assert body["team_lead"]["id"] == org_a["team_lead"].pk  # follows the team
    assert body["children"] == [{"first_name": "Asha", "birth_date": "2021-05-04"}]
    assert Invitation.objects.filter(email="ravi@example.test").exists()
    assert len(callbacks) == 1  # the invitation e-mail is queued after commit


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"arrival_on": "2026-08-01"}, "arrival_on"),
        ({"first_day_on": "2026-10-01"}, "first_day_on"),
        ({"time_zone": "Nowhere/Land"}, "time_zone"),
        ({"home_country": "IND"}, "home_country"),
        ({"home_country": "XX"}, "home_country"),  # two letters, but no country has them
        ({"preferred_language": "polish"}, "preferred_language"),
        ({"preferred_language": "xx"}, "preferred_language"),
        ({"preferred_language": "iw"}, "preferred_language"),  # Hebrew's old code: he
        ({"languages_spoken": ["pl", "xx"]}, "languages_spoken"),
        ({"tenure": "castle"}, "tenure"),
        ({"children": [{"birth_date": "2999-01-01"}]}, "children"),
        ({"leaves": [{"starts_on": "2026-12-24", "ends_on": "2026-12-20"}]}, "leaves"),
    ],
)
def test_bad_profile_input_names_the_field_and_writes_nothing(client_factory, org_a, change, field):
    hr = client_factory(org_a["hr"])
    response = hr.post("/api/newcomers", {**PAYLOAD, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not NewcomerProfile.objects.exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(("country", "language"), [("xk", "sq"), ("PH", "tl")])
def test_kosovo_and_tagalog_are_known(client_factory, org_a, country, language):
    """Codes a pure ISO or CLDR list would refuse: Kosovo (XK, used by the EU and the Dutch
    municipalities) and Tagalog (tl, which CLDR calls fil)."""
    hr = client_factory(org_a["hr"])
    response = hr.post(
        "/api/newcomers", {**PAYLOAD, "home_country": country, "preferred_language": language}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["home_country"] == country.upper()


def test_errors_in_children_and_leaves_name_the_row(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    children = [{"birth_date": "2020-01-01"}, {"birth_date": "2999-01-01"}]
    response = hr.post("/api/newcomers", {**PAYLOAD, "children": children}, format="json")
    assert response.json()["fields"] == {"children": {"1": {"birth_date": ["Is in the future."]}}}
    leaves = [{"starts_on": "2026-12-24", "ends_on": "2026-12-20"}]
    response = hr.post("/api/newcomers", {**PAYLOAD, "leaves": leaves}, format="json")
    assert response.json()["fields"] == {"leaves": {"0": {"ends_on": ["Ends before it starts."]}}}
    response = hr.post("/api/newcomers", {**PAYLOAD, "children": [{"birth_date": "soon"}]}, format="json")
    assert list(response.json()["fields"]["children"]["0"]) == [
        "birth_date"
    ]  # same shape from the serializer


def test_people_and_teams_of_another_organisation_are_unknown(client_factory, org_a, org_b):
    hr = client_factory(org_a["hr"])
    for field, value in (
        ("buddy", org_b["colleague"].pk),
        ("team_lead", org_b["team_lead"].pk),
        ("team", org_b.team.pk),
    ):
        response = hr.post("/api/newcomers", {**PAYLOAD, field: value}, format="json")
        assert response.status_code == 400
        assert field in response.json()["fields"]


def test_changes_are_recorded_and_listeners_follow_them(client_factory, org_a, profile):
    seen = []

    def listener(*, profile, changes, **kwargs):
        seen.append(dict(changes))

    profile_changed.connect(listener)
    try:
        hr = client_factory(org_a["hr"])
        response = hr.patch(
            f"/api/newcomers/{profile.pk}",
            {"arrival_on": "2026-11-04", "children": [{"birth_date": "2020-01-01"}]},
            format="json",
        )
        assert response.status_code == 200, response.content
    finally:
        profile_changed.disconnect(listener)
    assert seen == [{"arrival_on": ("2026-11-02", "2026-11-04"), "children": ([], [("", "2020-01-01")])}]
    history = hr.get(f"/api/newcomers/{profile.pk}/history").json()["results"]
    assert history[0]["changes"]["arrival_on"] == ["2026-11-02", "2026-11-04"]
    assert history[0]["changed_by"]["id"] == org_a["hr"].pk


def test_the_newcomers_team_membership_follows_the_profile(org_a, profile):
    other = TeamFactory(organisation=org_a.organisation, name="Warehouse")
    services.profile_update(profile=profile, changed_by=org_a["hr"], team=other)
    teams = TeamMembership.objects.filter(user=org_a["newcomer"]).values_list("team", flat=True)
    assert list(teams) == [other.pk]
    services.profile_update(profile=profile, changed_by=org_a["hr"], team=None)
    assert not TeamMembership.objects.filter(user=org_a["newcomer"]).exists()


def test_an_existing_account_joins_the_profiles_team_at_once(org_a):
    person = UserFactory(organisation=org_a.organisation, role="newcomer", email="back@alpha.test")
    services.profile_create(created_by=org_a["hr"], email=person.email, team=org_a.team)
    assert TeamMembership.objects.filter(user=person, team=org_a.team).exists()


def test_saving_without_changes_records_nothing(org_a, profile):
    before = ProfileChange.objects.count()
    services.profile_update(profile=profile, changed_by=org_a["hr"], arrival_on=date(2026, 11, 2))
    assert ProfileChange.objects.count() == before


def test_a_failing_listener_rolls_the_change_back(org_a, profile):
    def broken(*, profile, changes, **kwargs):
        raise RuntimeError("downstream failed")

    profile_changed.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.profile_update(profile=profile, changed_by=org_a["hr"], arrival_on=date(2026, 11, 5))
    finally:
        profile_changed.disconnect(broken)
    profile.refresh_from_db()
    assert profile.arrival_on == date(2026, 11, 2)


def test_who_sees_which_profile(client_factory, org_a, org_b, profile):
    outsider_lead = UserFactory(organisation=org_a.organisation, role="team_lead")
    visible = {
        "hr": True,
        "admin": True,
        "team_lead": True,  # leads the newcomer's team
        "colleague": True,  # is the buddy
        "newcomer": True,  # their own
    }
    for role, sees in visible.items():
        client = client_factory(org_a[role])
        ids = [p["id"] for p in client.get("/api/newcomers").json()["results"]]
        assert (profile.pk in ids) is sees, role
        assert client.get(f"/api/newcomers/{profile.pk}").status_code == (200 if sees else 404)
    assert client_factory(outsider_lead).get(f"/api/newcomers/{profile.pk}").status_code == 404
    for role in ("hr", "admin", "newcomer"):
        assert client_factory(org_b[role]).get(f"/api/newcomers/{profile.pk}").status_code == 404
        assert (
            client_factory(org_b[role])
            .patch(f"/api/newcomers/{profile.pk}", {"has_partner": True}, format="json")
            .status_code
            == 404
        )


def test_only_hr_and_admin_change_profiles(client_factory, org_a, profile):
    for role in ("newcomer", "team_lead", "colleague"):
        client = client_factory(org_a[role])
        assert (
            client.patch(f"/api/newcomers/{profile.pk}", {"has_partner": True}, format="json").status_code
            == 403
        )
        assert client.post("/api/newcomers", PAYLOAD, format="json").status_code == 403
        assert client.get(f"/api/newcomers/{profile.pk}/history").status_code == 403
    assert (
        client_factory(org_a["admin"])
        .patch(f"/api/newcomers/{profile.pk}", {"has_partner": True}, format="json")
        .status_code
        == 200
    )


def test_newcomer_reads_their_own_profile(client_factory, org_a, profile):
    assert client_factory(org_a["newcomer"]).get("/api/newcomers/me").json()["id"] == profile.pk
    assert client_factory(org_a["hr"]).get("/api/newcomers/me").status_code == 403


def test_profile_list_runs_a_fixed_number_of_queries(
    client_factory, org_a, profile, django_assert_max_num_queries
):
    hr = client_factory(org_a["hr"])
    hr.get("/api/newcomers")
    with django_assert_max_num_queries(10) as first:
        hr.get("/api/newcomers")
    for i in range(10):
        services.profile_create(
            created_by=org_a["hr"], email=f"n{i}@alpha.test", children=[{"birth_date": date(2020, 1, 1)}]
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert hr.get("/api/newcomers").json()["count"] == 11
