"""The groups claim sets the role at every sign-in, not only when the account is made: colleague,
team lead or HR, never admin, never another organisation; a dropped group goes back to colleague."""

from __future__ import annotations

import pytest

from tests.sso.conftest import configure, sign_in
from welkom.accounts.models import Role, User
from welkom.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MAPPING = {"people-team": "hr", "leads": "team_lead"}


def _role(user: User) -> str:
    user.refresh_from_db()
    return user.role


def _changes() -> list[tuple[int | None, str]]:
    return list(
        AuditEntry.objects.filter(object_type="role_from_groups_claim")
        .order_by("id")
        .values_list("subject_user_id", "object_id")
    )


def test_the_role_follows_the_groups_claim_at_every_sign_in(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, role_mapping=MAPPING)
    colleague = org_a["colleague"]
    person = provider.add(colleague.email, groups=["people-team", "football"])
    assert sign_in(client_factory(), colleague.email)["Location"] == "/"
    assert _role(colleague) == Role.HR
    person.groups = ["leads"]
    sign_in(client_factory(), colleague.email)
    assert _role(colleague) == Role.TEAM_LEAD
    # The mapped group is dropped at the provider: back to colleague.
    person.groups = ["football"]
    browser = client_factory()
    sign_in(browser, colleague.email)
    assert _role(colleague) == Role.COLLEAGUE
    assert browser.get("/api/me").json()["role"] == Role.COLLEAGUE
    # The same groups again: nothing changes, nothing is audited.
    sign_in(client_factory(), colleague.email)
    assert _changes() == [
        (colleague.pk, "colleague->hr"),
        (colleague.pk, "hr->team_lead"),
        (colleague.pk, "team_lead->colleague"),
    ]


def test_the_role_is_in_place_before_the_session_starts(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, role_mapping=MAPPING)
    hr = org_a["hr"]
    provider.add(hr.email, groups=[])
    browser = client_factory()
    sign_in(browser, hr.email)
    assert browser.get("/api/users").status_code == 403  # a colleague no longer lists people


@pytest.mark.parametrize("role", [Role.ADMIN, Role.NEWCOMER])
def test_admins_and_newcomers_are_left_alone(client_factory, org_a, provider, role):
    configure(org_a.organisation, org_a["admin"], provider, role_mapping=MAPPING | {"it": "colleague"})
    user = org_a[role]
    provider.add(user.email, groups=["people-team"] if role == Role.NEWCOMER else ["it"])
    assert sign_in(client_factory(), user.email)["Location"] == "/"
    assert _role(user) == role
    assert _changes() == []


def test_no_groups_claim_or_no_mapping_changes_nothing(client_factory, org_a, provider):
    configure(org_a.organisation, org_a["admin"], provider, role_mapping=MAPPING)
    hr, lead = org_a["hr"], org_a["team_lead"]
    provider.add(hr.email, groups=None)  # the token carries no list of groups
    sign_in(client_factory(), hr.email)
    assert _role(hr) == Role.HR
    configure(org_a.organisation, org_a["admin"], provider, role_mapping={})
    provider.add(lead.email, groups=[])
    sign_in(client_factory(), lead.email)
    assert _role(lead) == Role.TEAM_LEAD
    assert _changes() == []


def test_a_claim_never_reaches_another_organisations_account(
    client_factory, org_a, org_b, provider, provider_b
):
    configure(org_a.organisation, org_a["admin"], provider, role_mapping=MAPPING)
    configure(org_b.organisation, org_b["admin"], provider_b, role_mapping={})
    bravo_colleague = org_b["colleague"]
    # Alpha's provider vouches for bravo's address with alpha's HR group: the domain is bravo's.
    provider.add(bravo_colleague.email, groups=["people-team"])
    start = client_factory().get("/api/auth/sso/start", {"email": bravo_colleague.email})
    assert start["Location"].startswith(provider_b.issuer)
    assert _role(bravo_colleague) == Role.COLLEAGUE
    assert _changes() == []
