"""The world the authorization matrix runs in: for each scope, a team with people and data.

* ``own``: the caller's own organisation and team (org_a's "Platform"); the newcomer there has the
  team lead as lead and the colleague as buddy, so every role has a reason to see their data.
* ``other_team``: the same organisation, another team with its own lead, newcomer and buddy.
* ``other_org``: another organisation altogether.

Each app's tests/<app>/endpoints.py maps url names with URL arguments to a function
``(scope, caller) -> kwargs`` in ``OBJECTS``; it may create the object it needs from the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.conftest import Org, make_org
from tests.factories import InvitationFactory, TeamFactory, TeamMembershipFactory, UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.accounts.models import Invitation, Organisation, Role, Team, User
from welkom.checklists.models import MunicipalityNote
from welkom.newcomers.models import NewcomerProfile

SCOPES = ("own", "other_team", "other_org")


@dataclass
class Scope:
    name: str
    organisation: Organisation
    team: Team
    lead: User
    newcomer: User
    colleague: User
    hr: User
    admin: User
    profile: NewcomerProfile
    invitation: Invitation


def _scope(name: str, org: Org, team: Team, lead: User, newcomer: User, colleague: User) -> Scope:
    profile = NewcomerProfileFactory(
        user=newcomer,
        team=team,
        team_lead=lead,
        buddy=colleague,
        municipality="matrixstad",
    )
    invitation = InvitationFactory(user=newcomer, team=team, invited_by=org["hr"], nonce=f"matrix-{name}")
    return Scope(
        name, org.organisation, team, lead, newcomer, colleague, org["hr"], org["admin"], profile, invitation
    )


def build_world() -> tuple[dict[str, User], dict[str, Scope]]:
    """The callers (one per role, all in org_a's own team) and the three scopes."""
    # The newcomers live in a municipality Welkom has notes for (content shared by everyone).
    MunicipalityNote.objects.create(
        slug="matrixstad",
        name="Matrixstad",
        registration_url="https://www.matrixstad.nl/inschrijven",
        checked_on=date(2026, 1, 1),
        content_hash="matrix",
    )
    org_a = make_org("matrix-a")
    org_b = make_org("matrix-b")
    own = _scope("own", org_a, org_a.team, org_a["team_lead"], org_a["newcomer"], org_a["colleague"])

    def person(org: Org, role: str, label: str) -> User:
        return UserFactory(
            organisation=org.organisation, role=role, email=f"{label}@{org.organisation.slug}.test"
        )

    lead = person(org_a, Role.TEAM_LEAD, "other-lead")
    team = TeamFactory(organisation=org_a.organisation, name="Sales", lead=lead)
    newcomer = person(org_a, Role.NEWCOMER, "other-newcomer")
    colleague = person(org_a, Role.COLLEAGUE, "other-colleague")
    for member in (lead, newcomer, colleague):
        TeamMembershipFactory(team=team, user=member)
    other_team = _scope("other_team", org_a, team, lead, newcomer, colleague)
    other_org = _scope(
        "other_org", org_b, org_b.team, org_b["team_lead"], org_b["newcomer"], org_b["colleague"]
    )
    return dict(org_a.people), {"own": own, "other_team": other_team, "other_org": other_org}
