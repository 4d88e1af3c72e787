"""Reads for people, teams and invitations. Tenant scoping first, then role, then ownership."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Prefetch, Q, QuerySet

from welkom.accounts.models import Invitation, Organisation, Role, Team, TeamMembership, User
from welkom.core.answers import Ids
from welkom.core.statements import Statement
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


# The session's own reads (``/api/me`` on every page load), compiled once (welkom.core.statements).
_TEAM_ROWS = Statement(
    "accounts.user_team_rows",
    lambda organisation_id, user_id: (
        Team.objects.filter(organisation_id=organisation_id)
        .filter(Q(lead_id=user_id) | Q(members__id=user_id))
        .distinct()
        .values_list("pk", "name")
    ),
    kinds=(int, int),
)
_ORGANISATION_ROW = Statement(
    "accounts.organisation_row",
    lambda organisation_id: Organisation.objects.filter(pk=organisation_id).values_list(
        "pk", "name", "slug", "default_language"
    ),
)


def user_team_rows(user: User) -> list[tuple[int, str]]:
    """``user_teams(user)`` as (id, name) rows, in the same order."""
    if user.organisation_id is None:
        return []
    return [(pk, name) for pk, name in _TEAM_ROWS.rows(user.organisation_id, user.pk)]


def organisation_row(organisation_id: int) -> tuple[int, str, str, str] | None:
    """An organisation's id, name, slug and default language."""
    found = _ORGANISATION_ROW.first(organisation_id)
    return None if found is None else (found[0], found[1], found[2], found[3])


def users_by_id(ids: set[int]) -> dict[int, User]:
    """People by id, in one query (for other apps that hold their ids)."""
    return {person.pk: person for person in User.objects.filter(pk__in=ids)} if ids else {}


# --- The rows an answer shows, for cached answers' fingerprints (welkom.core.answers) -------------
# Every column but what changes without being shown: the last log-in and the password.
PERSON_UNSHOWN = ("last_login", "password")


def person_rows(user_id: int) -> QuerySet[User]:
    """The person themself, as a query."""
    return User.objects.filter(pk=user_id)


def people_in(ids: Ids) -> QuerySet[User]:
    """People whose id is in ``ids`` (a subquery of ids)."""
    return User.objects.filter(pk__in=ids)


def teams_in(ids: Ids) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=ids)


def team_memberships_in(team_ids: Ids) -> QuerySet[TeamMembership]:
    """Every membership of the teams in ``team_ids`` (a subquery of ids)."""
    return TeamMembership.objects.filter(team_id__in=team_ids)


def people_with_role_in(organisation_ids: Ids, *, role: str) -> QuerySet[User]:
    """Everyone with ``role`` in the organisations in ``organisation_ids``, active or not."""
    return User.objects.filter(organisation_id__in=organisation_ids, role=role)


def team_step_members(team_id: int) -> QuerySet[User]:
    """The members of a team who do its journey team steps, by id (for other apps): those whose
    account is active and who are not newcomers themselves (a newcomer cannot open the colleagues'
    "my steps", nor a plan not their own)."""
    return (
        User.objects.filter(memberships__team_id=team_id, is_active=True)
        .exclude(role=Role.NEWCOMER)
        .order_by("pk")
    )


def team_step_memberships() -> QuerySet[TeamMembership]:
    """Memberships of the people ``team_step_members`` names (for other apps, as a subquery: whether
    a team has anyone left to do a journey's team step)."""
    return TeamMembership.objects.filter(user__is_active=True).exclude(user__role=Role.NEWCOMER)


def active_people_with_role(*, organisation_id: int, role: str) -> QuerySet[User]:
    """The organisation's active people with ``role`` (whom to tell: HR, admins), for other apps."""
    return User.objects.filter(organisation_id=organisation_id, role=role, is_active=True)


def email_in_use(*, email: str, excluding: User | None = None) -> bool:
    """Whether another Welkom account (in any organisation) already has this address."""
    people = User.objects.filter(email__iexact=email)
    if excluding is not None:
        people = people.exclude(pk=excluding.pk)
    return people.exists()


# --- For other apps (they read people, teams and organisations here, not through Model.objects) ---


def organisation_get(*, pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def organisation_with_slug(*, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisation_ids() -> list[int]:
    """Every organisation's id (beat jobs that go through the organisations one by one)."""
    return list(Organisation.objects.order_by("pk").values_list("pk", flat=True))


def users_of_organisation(*, user: User | None) -> QuerySet[User]:
    """Everyone in ``user``'s organisation, themselves included, whatever their role or state;
    no one for None (a serializer's choices before it knows its caller)."""
    return for_tenant(User.objects.all(), user) if user is not None else User.objects.none()


def teams_of_organisation(*, user: User | None) -> QuerySet[Team]:
    """Every team of ``user``'s organisation; none for None (as ``users_of_organisation``)."""
    return for_tenant(Team.objects.all(), user) if user is not None else Team.objects.none()


def colleague_get(*, user: User, pk: int) -> User | None:
    """The person ``pk`` if they are in ``user``'s organisation (``user`` themselves included)."""
    return users_of_organisation(user=user).filter(pk=pk).first()


def user_active_get(*, pk: int) -> User | None:
    """The person ``pk`` while their account is active (a task that got their id)."""
    return User.objects.filter(pk=pk, is_active=True).first()


def user_locked(*, pk: int) -> User:
    """The person ``pk``, their row locked until the caller's transaction ends."""
    return User.objects.select_for_update().get(pk=pk)


def user_with_email(*, organisation_id: int, email: str) -> User | None:
    """The organisation's person with exactly this (normalised) address, if any."""
    return User.objects.filter(organisation_id=organisation_id, email=email).first()


def emails_in_organisation(*, organisation_id: int, emails: Iterable[str]) -> set[str]:
    """Which of ``emails`` people of the organisation already have; nothing about other organisations."""
    return set(
        User.objects.filter(organisation_id=organisation_id, email__in=list(emails)).values_list(
            "email", flat=True
        )
    )


def password_account_exists(*, email: str) -> bool:
    """Whether an account with a password (in any organisation) has this address: addresses of
    such accounts are unique across Welkom."""
    return User.objects.with_password().filter(email=email).exists()


def admins_active() -> QuerySet[User]:
    """Every organisation's active admins, in id order (whom a failure of the whole system is told)."""
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk")


def time_zones_of(*, user_ids: Iterable[int]) -> dict[int, str]:
    """{person id: their time zone}, in one query."""
    return dict(User.objects.filter(pk__in=list(user_ids)).values_list("pk", "time_zone"))


def teams_of(*, organisation_id: int) -> QuerySet[Team]:
    """The organisation's teams (services and tasks that hold its id, not a caller)."""
    return Team.objects.filter(organisation_id=organisation_id)


def team_member_ids(*, team: Team) -> set[int]:
    """The ids of the team's members (its lead only when a member too)."""
    return set(TeamMembership.objects.filter(team=team).values_list("user_id", flat=True))


def team_memberships_of(*, user: User) -> QuerySet[TeamMembership]:
    """The teams ``user`` belongs to while their account is active (a subquery: ``.values("team_id")``)."""
    return TeamMembership.objects.filter(user=user, user__is_active=True)


def leads_team_of(*, lead: User, member: User) -> bool:
    """Whether ``lead`` leads a team ``member`` belongs to."""
    return Team.objects.filter(lead=lead, memberships__user=member).exists()


def invitations_of(*, user: User | OuterRef) -> QuerySet[Invitation]:
    """The invitations of a person, newest first; ``user`` may be an ``OuterRef`` for a subquery."""
    return Invitation.objects.filter(Q(user=user)).order_by("-created_at")
