"""Tenant first, then role, then ownership — for the accounts endpoints."""

import pytest
from django.apps import apps

from tests.accounts.endpoints import ENDPOINTS
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"]


def _object_urls(org):
    other = org["newcomer"]
    return {
        "user-detail": [("get", f"/api/users/{other.pk}")],
        "team-detail": [("get", f"/api/teams/{org.team.pk}")],
        "team-members": [("post", f"/api/teams/{org.team.pk}/members")],
        "team-member-detail": [("delete", f"/api/teams/{org.team.pk}/members/{other.pk}")],
    }


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_other_organisations_objects_are_404_for_every_object_endpoint(client_factory, org_a, org_b, role):
    invitation = InvitationFactory(user=org_b["newcomer"])
    client = client_factory(org_a[role])
    calls = [call for calls in _object_urls(org_b).values() for call in calls]
    calls += [("get", f"/api/invitations/{invitation.pk}"), ("delete", f"/api/invitations/{invitation.pk}")]
    for method, url in calls:
        response = getattr(client, method)(url, {"user": org_a["colleague"].pk}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["code"] == "not_found"
    # and nothing changed in organisation B
    assert org_b.team.memberships.filter(user=org_b["newcomer"]).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_cross_organisation_ids_in_bodies_are_404(client_factory, org_a, org_b):
    client = client_factory(org_a["hr"])
    assert (
        client.post(
            f"/api/teams/{org_a.team.pk}/members", {"user": org_b["colleague"].pk}, format="json"
        ).status_code
        == 404
    )
    assert (
        client.post("/api/teams", {"name": "X", "lead": org_b["team_lead"].pk}, format="json").status_code
        == 404
    )
    response = client.post(
        "/api/invitations", {"email": "n@x.test", "role": "newcomer", "team": org_b.team.pk}, format="json"
    )
    assert response.status_code == 404


def test_lists_never_show_another_organisation(client_factory, org_a, org_b):
    for role in ("hr", "admin", "team_lead"):
        emails = {u["email"] for u in client_factory(org_a[role]).get("/api/users").json()["results"]}
        assert emails, role
        assert all(e.endswith("@alpha.test") for e in emails), role
    for role in ROLES:
        teams = client_factory(org_a[role]).get("/api/teams").json()["results"]
        assert [t["id"] for t in teams] == [org_a.team.pk], role


@pytest.mark.parametrize("role", ROLES)
def test_roles_that_may_not_act_get_403(client_factory, org_a, role):
    client = client_factory(org_a[role])
    calls = {
        ("user-list", "get"): lambda: client.get("/api/users"),
        ("user-detail", "get"): lambda: client.get(f"/api/users/{org_a['colleague'].pk}"),
        ("team-list", "post"): lambda: client.post("/api/teams", {"name": "New"}, format="json"),
        ("team-members", "post"): lambda: client.post(
            f"/api/teams/{org_a.team.pk}/members", {"user": org_a["hr"].pk}, format="json"
        ),
        ("team-member-detail", "delete"): lambda: client.delete(
            f"/api/teams/{org_a.team.pk}/members/{org_a['newcomer'].pk}"
        ),
        ("invitation-list", "get"): lambda: client.get("/api/invitations"),
        ("invitation-list", "post"): lambda: client.post(
            "/api/invitations", {"email": "z@alpha.test", "role": "newcomer"}, format="json"
        ),
    }
    for (name, method), call in calls.items():
        allowed = ENDPOINTS[name][method]
        status = call().status_code
        if allowed == "all" or role in allowed:
            assert status in (200, 201, 204), (name, method, role, status)
        else:
            assert status == 403, (name, method, role, status)


def test_team_lead_sees_only_people_of_teams_they_lead(client_factory, org_a):
    from tests.factories import UserFactory

    outsider = UserFactory(organisation=org_a.organisation, role="colleague")
    client = client_factory(org_a["team_lead"])
    emails = {u["email"] for u in client.get("/api/users").json()["results"]}
    assert org_a["newcomer"].email in emails
    assert outsider.email not in emails
    assert client.get(f"/api/users/{outsider.pk}").status_code == 404


def test_search_finds_people_by_name_or_email_within_what_the_caller_sees(client_factory, org_a, org_b):
    from tests.factories import UserFactory

    UserFactory(organisation=org_a.organisation, full_name="Joanna Zwartkop", email="jz@alpha.test")
    UserFactory(organisation=org_a.organisation, full_name="Piet Zwartkop", email="qx-zwart@alpha.test")
    UserFactory(organisation=org_b.organisation, full_name="Joanna Zwartkop", email="jz@bravo.test")

    def found(client, search):  # type: ignore[no-untyped-def]
        body = client.get("/api/users", {"search": search}).json()
        return sorted(person["email"] for person in body["results"])

    hr = client_factory(org_a["hr"])
    assert found(hr, "joanna zwart") == ["jz@alpha.test"]
    assert found(hr, "ZWART") == ["jz@alpha.test", "qx-zwart@alpha.test"]
    assert found(hr, "QX-ZWART@ALPHA") == ["qx-zwart@alpha.test"]
    # A team lead finds only people of the teams they lead (neither Zwartkop is in one).
    lead = client_factory(org_a["team_lead"])
    assert found(lead, "zwartkop") == []
    assert found(lead, org_a["newcomer"].email) == [org_a["newcomer"].email]
    for bad in ("x" * 101, "a\x00b"):
        response = hr.get("/api/users", {"search": bad})
        assert response.status_code == 400
        assert "search" in response.json()["fields"]


def test_newcomer_sees_only_their_own_teams(client_factory, org_a):
    from tests.factories import TeamFactory

    other_team = TeamFactory(organisation=org_a.organisation)
    client = client_factory(org_a["newcomer"])
    assert client.get(f"/api/teams/{other_team.pk}").status_code == 404
    assert client.get(f"/api/teams/{org_a.team.pk}").status_code == 200


def test_every_model_declares_how_it_is_scoped_to_an_organisation():
    missing = [
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("welkom.") and not hasattr(model, "tenant_path")
    ]
    assert not missing, f"Declare tenant_path on: {missing}"


def test_lists_run_a_fixed_number_of_queries(client_factory, org_a, django_assert_max_num_queries):
    from tests.factories import TeamMembershipFactory, UserFactory

    client = client_factory(org_a["hr"])
    client.get("/api/teams")  # warm the session
    with django_assert_max_num_queries(8) as small:
        client.get("/api/teams")
    for _ in range(15):
        TeamMembershipFactory(team=org_a.team, user=UserFactory(organisation=org_a.organisation))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/teams").json()["results"][0]["members"]) == 18
