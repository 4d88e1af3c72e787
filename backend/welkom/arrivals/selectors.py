"""Reads for arrivals: imports and their rows (HR and admin of the organisation), and the cohort
of newcomers arriving in one week with where each of them stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import invitations_of
from welkom.arrivals.models import ArrivalImport, ArrivalImportRow
from welkom.checklists.models import ItemStatus
from welkom.core.tenancy import for_tenant
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profiles_of_organisation

MANAGERS = (Role.HR, Role.ADMIN)


def imports_visible_to(user: User) -> QuerySet[ArrivalImport]:
    if user.role not in MANAGERS:
        return ArrivalImport.objects.none()
    return for_tenant(ArrivalImport.objects.all(), user).select_related("uploaded_by", "confirmed_by")


def import_rows(arrival_import: ArrivalImport, *, only_errors: bool = False) -> QuerySet[ArrivalImportRow]:
    rows = arrival_import.rows.order_by("number")
    return rows.exclude(errors=[]) if only_errors else rows


# --- The cohort ---------------------------------------------------------------------------------

# Where a newcomer stands is read from their checklist items (content/checklists/): an aspect is
# done when one of its items is done. Kept here, in one place, so a new route's items are added once.
ASPECTS: dict[str, tuple[str, ...]] = {
    # Registered with the municipality: in the BRP (staying longer than four months) or the RNI.
    "registered": ("arrival-registration/register-brp", "arrival-registration/register-rni"),
    # Insured: Dutch basic insurance, or (a worker posted from abroad) insured at home with an A1.
    "insured": ("health-insurance/basic-insurance", "health-insurance/a1-certificate"),
    # Has a place to live: a first place to stay, a rented or bought home, or a registered address.
    "housed": (
        "housing/temporary-housing",
        "housing/rental-contract",
        "housing/buying-a-home",
        "housing/register-address",
    ),
}


def _items_of(refs: tuple[str, ...]) -> Q:
    match = Q()
    for ref in refs:
        slug, key = ref.split("/", 1)
        match |= Q(
            checklists__items__template_item__template__slug=slug, checklists__items__template_item__key=key
        )
    return match & Q(checklists__items__retired_at=None)


@dataclass(frozen=True)
class Week:
    starts_on: date
    ends_on: date

    @property
    def iso(self) -> str:
        year, week, _ = self.starts_on.isocalendar()
        return f"{year}-W{week:02d}"


def week_of(day: date) -> Week:
    monday = day - timedelta(days=day.weekday())
    return Week(monday, monday + timedelta(days=6))


def parse_week(text: str) -> Week | None:
    """``2026-W05`` (ISO 8601 week) -> that week, Monday to Sunday; None when it is not one."""
    try:
        return week_of(date.fromisocalendar(int(text[:4]), int(text[6:]), 1)) if text[4:6] == "-W" else None
    except ValueError:
        return None


def cohort(user: User, *, week: Week, today: date | None = None) -> QuerySet[NewcomerProfile]:
    """Newcomers arriving in ``week`` with counts per aspect; one query for any number of people."""
    profiles = profiles_of_organisation(user=user)
    if user.role not in MANAGERS:
        return profiles.none()
    today = today or timezone.localdate()
    latest = invitations_of(user=OuterRef("user"))
    status = "checklists__items__status"
    unfinished = Q(**{f"{status}__in": (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)})
    late = unfinished & Q(checklists__items__due_on__lt=today)
    annotations = {}
    for aspect, refs in ASPECTS.items():
        items = _items_of(refs)
        annotations[f"{aspect}_items"] = Count("checklists__items", filter=items)
        annotations[f"{aspect}_done"] = Count(
            "checklists__items", filter=items & Q(**{status: ItemStatus.DONE})
        )
        annotations[f"{aspect}_na"] = Count(
            "checklists__items", filter=items & Q(**{status: ItemStatus.NOT_APPLICABLE})
        )
        annotations[f"{aspect}_late"] = Count("checklists__items", filter=items & late)
    return (
        profiles.filter(arrival_on__range=(week.starts_on, week.ends_on))
        .select_related("user", "team", "journey_plan")
        .annotate(
            invitation_created_at=Subquery(latest.values("created_at")[:1]),
            invitation_accepted_at=Subquery(latest.values("accepted_at")[:1]),
            invitation_revoked_at=Subquery(latest.values("revoked_at")[:1]),
            invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
            **annotations,
        )
        .order_by("arrival_on", "user__full_name", "id")
    )


def aspect_state(profile: NewcomerProfile, aspect: str) -> str:
    """done, late, open, or not_applicable (no such item applies, or all were set not applicable)."""
    items, done = getattr(profile, f"{aspect}_items"), getattr(profile, f"{aspect}_done")
    na, late = getattr(profile, f"{aspect}_na"), getattr(profile, f"{aspect}_late")
    if done:
        return "done"
    if items == 0 or na == items:
        return "not_applicable"
    return "late" if late else "open"


def invitation_state(profile: NewcomerProfile, now: object = None) -> str:
    """accepted (has an account), invited (a link is waiting), expired, or not_invited."""
    if profile.user.is_active and profile.user.has_usable_password():
        return "accepted"
    created_at = getattr(profile, "invitation_created_at", None)
    if created_at is None or getattr(profile, "invitation_revoked_at", None):
        return "not_invited"
    if getattr(profile, "invitation_accepted_at", None):
        return "accepted"
    expires_at = profile.invitation_expires_at  # type: ignore[attr-defined]
    return "expired" if expires_at <= (now or timezone.now()) else "invited"
