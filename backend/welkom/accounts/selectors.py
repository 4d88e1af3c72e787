"""Reads for people, teams and invitations. Tenant scoping first, then role, then ownership."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from welkom.accounts.models import Invitation, Role, Team, TeamMembership, User
from welkom.core.tenancy import for_tenant

MANAGERS = (Role.HR, Role.ADMIN)


def users_visible_to(user: User) -> QuerySet[User]:
    """HR and admin see everyone in the organisation; a team lead sees the people of teams they lead."""
    people = for_tenant(User.objects.all(), user)
    if user.role in MANAGERS:
        return people
    if user.role == Role.TEAM_LEAD:
        return people.filter(Q(pk=user.pk) | Q(teams__lead=user)).distinct()
    return people.filter(pk=user.pk)


def users_matching(people: QuerySet[User], search: str) -> QuerySet[User]:
    """People whose name or e-mail address contains ``search`` (case-insensitive)."""
    return people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))


def teams_visible_to(user: User) -> QuerySet[Team]:
    teams = for_tenant(Team.objects.all(), user).select_related("lead")
    if user.role not in MANAGERS:
        teams = teams.filter(Q(lead=user) | Q(members=user)).distinct()
    members = TeamMembership.objects.select_related("user").order_by("user__full_name", "user__email")
    return teams.prefetch_related(Prefetch("memberships", queryset=members))


def invitations_visible_to(user: User) -> QuerySet[Invitation]:
    if user.role not in MANAGERS:
        return Invitation.objects.none()
    return for_tenant(Invitation.objects.all(), user).select_related("team", "invited_by", "user")


def user_teams(user: User) -> QuerySet[Team]:
    return for_tenant(Team.objects.all(), user).filter(Q(lead=user) | Q(members=user)).distinct()


def users_by_id(ids: set[int]) -> dict[int, User]:
    """People by id, in one query (for other apps that hold their ids)."""
    return {person.pk: person for person in User.objects.filter(pk__in=ids)} if ids else {}


def team_active_members(team_id: int) -> QuerySet[User]:
    """A team's active members by id (for other apps: a journey's team steps)."""
    return User.objects.filter(memberships__team_id=team_id, is_active=True).order_by("pk")


def active_people_with_role(*, organisation_id: int, role: str) -> QuerySet[User]:
    """The organisation's active people with ``role`` (whom to tell: HR, admins), for other apps."""
    return User.objects.filter(organisation_id=organisation_id, role=role, is_active=True)


def email_in_use(*, email: str, excluding: User | None = None) -> bool:
    """Whether another Welkom account (in any organisation) already has this address."""
    people = User.objects.filter(email__iexact=email)
    if excluding is not None:
        people = people.exclude(pk=excluding.pk)
    return people.exists()
