"""Reads for newcomer profiles. Tenant first, then role, then ownership."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from welkom.accounts.models import Role, User
from welkom.core.answers import Ids
from welkom.core.tenancy import for_tenant
from welkom.newcomers.models import NewcomerProfile, ProfileChange


def profiles_visible_to(user: User) -> QuerySet[NewcomerProfile]:
    """HR/admin: every newcomer. Team lead: newcomers they lead or in teams they lead.
    Buddy (any role): newcomers they are buddy of. Newcomer: only their own profile."""
    profiles = for_tenant(NewcomerProfile.objects.all(), user)
    if user.role not in (Role.HR, Role.ADMIN):
        profiles = profiles.filter(Q(user=user) | Q(team_lead=user) | Q(team__lead=user) | Q(buddy=user))
    return profiles.select_related("user", "team", "team_lead", "buddy").prefetch_related(
        "children", "leaves"
    )


def profile_editable_by(user: User) -> QuerySet[NewcomerProfile]:
    if user.role not in (Role.HR, Role.ADMIN):
        return NewcomerProfile.objects.none()
    return profiles_visible_to(user)


def profile_history(profile: NewcomerProfile) -> QuerySet[ProfileChange]:
    return profile.changes.select_related("changed_by")


# --- For other apps (they read profiles here, not through NewcomerProfile.objects) ----------------


def profile_of(user: User) -> NewcomerProfile | None:
    """The person's own newcomer profile, if they have one (kept on ``user``, see below)."""
    profile = NewcomerProfile.objects.filter(user=user).first()
    if profile is not None:
        profile_remember(user, profile)
    return profile


def profiles_in(ids: Ids) -> QuerySet[NewcomerProfile]:
    """Profiles whose id is in ``ids`` (a subquery; cached answers' fingerprints)."""
    return NewcomerProfile.objects.filter(pk__in=ids)


def profile_rows_of(user_id: int) -> QuerySet[NewcomerProfile]:
    """The person's own profile as a query (none, or one)."""
    return NewcomerProfile.objects.filter(user_id=user_id)


def profile_remember(user: User, profile: NewcomerProfile) -> None:
    """Keep ``profile`` on ``user`` when it is their own, so that what reads
    ``user.newcomer_profile`` later in the request (their content languages) does not read it again."""
    if profile.user_id == user.pk:
        User.newcomer_profile.related.set_cached_value(user, profile)


def preferred_languages(user_ids: list[int]) -> dict[int, str]:
    """{user id: preferred language} for those of the people who have a newcomer profile."""
    rows = NewcomerProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "preferred_language")
    return dict(rows)


def profiles_of_organisation(*, user: User | None) -> QuerySet[NewcomerProfile]:
    """Every newcomer's profile in ``user``'s organisation, whoever may see it: for callers that
    scope by role themselves (HR's reports) and for a serializer's choices (none for None, before
    it knows its caller)."""
    if user is None:
        return NewcomerProfile.objects.none()
    return for_tenant(NewcomerProfile.objects.all(), user)


def profiles_of(*, organisation_slug: str | None = None) -> QuerySet[NewcomerProfile]:
    """Every newcomer's profile (or one organisation's, by slug), in id order: commands that go
    through all of them."""
    profiles = NewcomerProfile.objects.order_by("pk")
    if organisation_slug:
        profiles = profiles.filter(organisation__slug=organisation_slug)
    return profiles


def profile_locked(*, pk: int) -> NewcomerProfile:
    """The profile ``pk``, its row locked until the caller's transaction ends."""
    return NewcomerProfile.objects.select_for_update().get(pk=pk)
