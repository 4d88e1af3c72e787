"""Reads for checklists. Tenant first (for_tenant), then role, then ownership.

Who sees what: a newcomer their own checklists and documents; HR every newcomer's checklists and
documents; an admin the checklists and the board but not the documents. Team leads and colleagues
see none of it (housing, school and papers are personal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import PERSON_UNSHOWN, person_rows
from welkom.checklists.models import (
    FINISHED,
    Checklist,
    ChecklistChange,
    ChecklistDocument,
    ChecklistItem,
    ChecklistMilestone,
    ChecklistTemplate,
    ChecklistTemplateItem,
    ItemStatus,
    MunicipalityNote,
)
from welkom.core.answers import Rows
from welkom.core.tenancy import for_tenant
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profile_rows_of, profiles_of_organisation

CHECKLIST_READERS = (Role.NEWCOMER, Role.HR, Role.ADMIN)
DOCUMENT_READERS = (Role.NEWCOMER, Role.HR)
UNFINISHED = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


def profiles_with_checklists_visible_to(user: User) -> QuerySet[NewcomerProfile]:
    profiles = profiles_of_organisation(user=user)
    if user.role == Role.NEWCOMER:
        return profiles.filter(user=user)
    if user.role in (Role.HR, Role.ADMIN):
        return profiles
    return profiles.none()


def _items_of(user: User) -> QuerySet[ChecklistItem]:
    """The items ``user`` may see: a newcomer their own, HR and admins every newcomer's."""
    items = for_tenant(ChecklistItem.objects.all(), user)
    if user.role == Role.NEWCOMER:
        return items.filter(checklist__profile__user=user)
    if user.role not in (Role.HR, Role.ADMIN):
        return items.none()
    return items


def items_visible_to(user: User) -> QuerySet[ChecklistItem]:
    return _items_of(user).select_related("template_item__template", "checklist__profile")


class ItemsByRef:
    """The items of ``profile`` that ``user`` may see, by their template item's ref (``slug/key``),
    read on the first ``get``: only an item that waits for others needs them
    (ChecklistItemSerializer's ``waiting_for``). Their query is built then too (building it costs
    about as much as a short query)."""

    def __init__(self, user: User, profile: NewcomerProfile) -> None:
        self._user, self._profile = user, profile
        self._by_ref: dict[str, list[ChecklistItem]] | None = None

    def get(self, ref: str, default: list[ChecklistItem]) -> list[ChecklistItem]:
        if self._by_ref is None:
            self._by_ref = {}
            for item in items_visible_to(self._user).filter(checklist__profile=self._profile):
                self._by_ref.setdefault(item.template_item.ref, []).append(item)
        return self._by_ref.get(ref, default)


def items_editable_by(user: User) -> QuerySet[ChecklistItem]:
    return items_visible_to(user) if user.role in (Role.NEWCOMER, Role.HR) else ChecklistItem.objects.none()


def documents_visible_to(user: User) -> QuerySet[ChecklistDocument]:
    documents = for_tenant(ChecklistDocument.objects.all(), user)
    if user.role == Role.NEWCOMER:
        return documents.filter(item__checklist__profile__user=user)
    if user.role == Role.HR:
        return documents
    return documents.none()


def _items_prefetch(user: User) -> Any:
    items = ChecklistItem.objects.select_related("template_item__template").order_by(
        "template_item__order", "child_key", "id"
    )
    if user.role in DOCUMENT_READERS:
        items = items.prefetch_related("documents")
    return Prefetch("items", queryset=items)


def checklists_of(user: User, profile: NewcomerProfile) -> QuerySet[Checklist]:
    """A newcomer's checklists with their items (and documents for those who may see them)."""
    return (
        for_tenant(Checklist.objects.filter(profile=profile), user)
        .select_related("template")
        .prefetch_related(_items_prefetch(user))
        .order_by("template__order", "id")
    )


def upcoming_items(user: User, profile: NewcomerProfile) -> QuerySet[ChecklistItem]:
    """What is due next: unfinished, current items, the earliest due date first (undated last).
    Read without their profile (the caller has it) and without their documents (``with_documents``
    reads them for the page shown)."""
    return (
        _items_of(user)
        .select_related("template_item__template")
        .filter(checklist__profile=profile, retired_at=None, status__in=UNFINISHED)
        .order_by(
            F("due_on").asc(nulls_last=True),  # earliest due first; undated items after every dated one
            "template_item__template__order",
            "template_item__order",
            "id",
        )
    )


def upcoming_rows(user_id: int) -> list[Rows]:
    """Every row the upcoming items' answer of the newcomer ``user_id`` (their own) is built from
    (welkom.core.answers): their profile (its languages, time zone, municipality) and themself
    (language, role, organisation; not ``PERSON_UNSHOWN``), the profile's checklists, all their
    items (the ones shown, the count, and those an item waits for), their template items and
    templates (texts, order, drafted languages), the items' documents and the municipality's note."""
    profiles = profile_rows_of(user_id)
    checklists = Checklist.objects.filter(profile__in=profiles.values("pk"))
    items = ChecklistItem.objects.filter(checklist__in=checklists.values("pk"))
    template_items = ChecklistTemplateItem.objects.filter(pk__in=items.values("template_item_id"))
    return [
        Rows(profiles),
        Rows(person_rows(user_id), exclude=PERSON_UNSHOWN),
        Rows(checklists),
        Rows(items),
        Rows(template_items),
        Rows(ChecklistTemplate.objects.filter(pk__in=template_items.values("template_id"))),
        Rows(ChecklistDocument.objects.filter(item__in=items.values("pk"))),
        Rows(MunicipalityNote.objects.filter(slug__in=profiles.values("municipality"))),
    ]


def with_documents(items: list[ChecklistItem]) -> list[ChecklistItem]:
    """Gives each item ``shown_documents``: its documents (oldest first), read for all of them in
    one plain query (ChecklistItemSerializer's ``documents``; ``prefetch_related`` makes the same
    query and, for a page of three items, cost about 1 ms more)."""
    by_item: dict[int, list[ChecklistDocument]] = {item.pk: [] for item in items}
    if by_item:
        for document in ChecklistDocument.objects.filter(item_id__in=by_item).order_by("uploaded_at", "id"):
            by_item[document.item_id].append(document)
    for item in items:
        item.shown_documents = by_item[item.pk]  # type: ignore[attr-defined]
    return items


def changes_of(user: User, profile: NewcomerProfile) -> QuerySet[ChecklistChange]:
    item_query = ChecklistItem.objects.select_related("template_item__template")
    return for_tenant(ChecklistChange.objects.filter(profile=profile), user).prefetch_related(
        Prefetch("added", queryset=item_query), Prefetch("retired", queryset=item_query)
    )


def municipality_note(slug: str) -> MunicipalityNote | None:
    if not slug:
        return None
    return MunicipalityNote.objects.filter(slug=slug, archived_at=None).first()


def municipalities() -> QuerySet[MunicipalityNote]:
    """The municipalities the content has notes for (shared by every organisation), by name."""
    return MunicipalityNote.objects.filter(archived_at=None).order_by("name")


# --- For other apps: the templates (content, shared by every organisation) ------------------------


def live_template_slugs() -> set[str]:
    """Slugs of checklist templates that are not archived: what a journey step may point to."""
    return set(ChecklistTemplate.objects.filter(archived_at=None).values_list("slug", flat=True))


def template_items_with_keys(*, template_slugs: set[str], keys: set[str]) -> QuerySet[ChecklistTemplateItem]:
    """Template items (retired ones too) whose template has one of ``template_slugs`` and whose key is
    one of ``keys``, with their template; the caller picks the pairs it asked for."""
    return ChecklistTemplateItem.objects.filter(
        template__slug__in=template_slugs, key__in=keys
    ).select_related("template")


# --- For the journeys' reminders ----------------------------------------------------------------


@dataclass(frozen=True)
class OverdueItem:
    item: ChecklistItem
    days_overdue: int


def overdue_items(*, now: datetime, organisation_id: int | None = None) -> list[OverdueItem]:
    """Unfinished, current items whose due date has passed in the newcomer's own time zone.

    For the journeys' dispatcher (a beat task, no logged-in user): it reminds the newcomer and
    escalates to HR. Two queries whatever the number of items; each item carries its profile and user.
    """
    items = ChecklistItem.objects.filter(
        retired_at=None,
        status__in=UNFINISHED,
        due_on__isnull=False,
        due_on__lt=(now + timedelta(days=1)).date(),  # coarse; refined per time zone below
    ).select_related("template_item__template", "checklist__profile__user")
    if organisation_id is not None:
        items = items.filter(checklist__organisation_id=organisation_id)
    overdue = []
    for item in items.order_by("due_on", "id"):
        profile = item.checklist.profile
        try:
            today = now.astimezone(ZoneInfo(profile.time_zone)).date()
        except (ValueError, KeyError):
            today = now.astimezone(ZoneInfo("Europe/Amsterdam")).date()
        assert item.due_on is not None
        if item.due_on < today:
            overdue.append(OverdueItem(item, (today - item.due_on).days))
    return overdue


# --- HR's board ---------------------------------------------------------------------------------

BOARD_STATUSES = ("no_address", "children_not_enrolled", "overdue")


def board(
    user: User,
    *,
    today: date,
    status: str = "",
    municipality: str = "",
    team: int | None = None,
    search: str = "",
) -> QuerySet[NewcomerProfile]:
    """Every newcomer with counts for housing and school: one query, however many newcomers."""
    profiles = profiles_of_organisation(user=user)
    if user.role not in (Role.HR, Role.ADMIN):
        return profiles.none()
    current = Q(checklists__items__retired_at=None)
    address = current & Q(checklists__items__template_item__milestone=ChecklistMilestone.ADDRESS)
    enrolment = current & Q(checklists__items__template_item__milestone=ChecklistMilestone.SCHOOL_ENROLMENT)
    unfinished = Q(checklists__items__status__in=UNFINISHED)
    profiles = (
        profiles.select_related("user", "team")
        .annotate(
            address_items=Count("checklists__items", filter=address),
            address_open=Count("checklists__items", filter=address & unfinished),
            enrolment_items=Count("checklists__items", filter=enrolment),
            enrolment_open=Count("checklists__items", filter=enrolment & unfinished),
            open_items=Count("checklists__items", filter=current & unfinished),
            done_items=Count("checklists__items", filter=current & Q(checklists__items__status__in=FINISHED)),
            overdue_items=Count(
                "checklists__items", filter=current & unfinished & Q(checklists__items__due_on__lt=today)
            ),
        )
        .order_by("arrival_on", "id")
    )
    if status == "no_address":
        profiles = profiles.filter(address_open__gt=0)
    elif status == "children_not_enrolled":
        profiles = profiles.filter(enrolment_open__gt=0)
    elif status == "overdue":
        profiles = profiles.filter(overdue_items__gt=0)
    if municipality:
        profiles = profiles.filter(municipality=municipality)
    if team is not None:
        profiles = profiles.filter(team_id=team)
    if search:
        profiles = profiles.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    return profiles


def board_today() -> date:
    return timezone.localdate()
