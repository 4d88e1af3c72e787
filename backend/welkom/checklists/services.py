"""Writes for checklists: follow the profile, change an item, attach or remove a document."""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from welkom.accounts.models import User
from welkom.checklists import conditions, signals
from welkom.checklists.models import (
    FINISHED,
    Checklist,
    ChecklistChange,
    ChecklistDocument,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    DueAnchor,
    ItemStatus,
    RetiredReason,
)
from welkom.core.errors import ApiError
from welkom.core.language import content_languages, pick
from welkom.core.uploads import megabytes_text
from welkom.newcomers.models import NewcomerProfile
from welkom.offline.actions import reject_if_changed_since

logger = logging.getLogger(__name__)

MAX_DOCUMENTS_PER_ITEM = 10
# What we accept, recognised by the first bytes of the file, and the names such a file may have.
DOCUMENT_TYPES = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}


def _zone(profile: NewcomerProfile) -> ZoneInfo:
    try:
        return ZoneInfo(profile.time_zone)
    except (ValueError, KeyError):
        return ZoneInfo("Europe/Amsterdam")


def local_today(profile: NewcomerProfile) -> date:
    return timezone.localdate(timezone=_zone(profile))


def next_local_midnight(profile: NewcomerProfile, now: datetime) -> datetime:
    """The first moment after ``now`` at which ``local_today`` gives the next day."""
    zone = _zone(profile)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(), tzinfo=zone)


def child_key(first_name: str, birth_date: date) -> str:
    return f"{birth_date.isoformat()}|{first_name}"


def facts_for(profile: NewcomerProfile, *, today: date) -> conditions.Facts:
    day = conditions.reference_day(profile.arrival_on, today)
    return conditions.Facts(
        has_partner=profile.has_partner,
        stays_longer_than_4_months=profile.stays_longer_than_4_months,
        tenure=profile.tenure,
        permit_type=profile.permit_type,
        municipality=profile.municipality,
        employment=profile.employment,
        housing_by_employer=profile.housing_by_employer,
        child_ages=conditions.child_ages((c.birth_date for c in profile.children.all()), day),
    )


def due_on(template_item: ChecklistTemplateItem, profile: NewcomerProfile) -> date | None:
    anchor = {DueAnchor.ARRIVAL: profile.arrival_on, DueAnchor.FIRST_DAY: profile.first_day_on}.get(
        template_item.due_anchor  # type: ignore[call-overload]
    )
    if anchor is None or template_item.due_days is None:
        return None
    return anchor + timedelta(days=template_item.due_days)


@dataclass(frozen=True)
class _Wanted:
    template_item: ChecklistTemplateItem
    child_key: str = ""
    child_name: str = ""


def _wanted_items(profile: NewcomerProfile, templates: list[ChecklistTemplate], today: date) -> list[_Wanted]:
    facts = facts_for(profile, today=today)
    day = conditions.reference_day(profile.arrival_on, today)
    children = list(profile.children.all())
    wanted: list[_Wanted] = []
    for template in templates:
        for item in template.items.all():
            if item.archived_at is not None or not conditions.evaluate(item.applies_when, facts):
                continue
            if item.per_child:
                for child in children:
                    if (
                        item.per_child["from"]
                        <= conditions.age_on(child.birth_date, day)
                        <= item.per_child["to"]
                    ):
                        key = child_key(child.first_name, child.birth_date)
                        wanted.append(_Wanted(item, key, child.first_name))
            else:
                wanted.append(_Wanted(item))
    return wanted


def _retire_reason(item: ChecklistItem, profile_child_keys: set[str]) -> tuple[str, dict[str, Any]]:
    template_item = item.template_item
    if template_item.archived_at is not None:
        return RetiredReason.REMOVED_FROM_CONTENT, {}
    if item.child_key and item.child_key not in profile_child_keys:
        return RetiredReason.CHILD_REMOVED, {"child": item.child_name}
    facts = sorted(conditions.facts_used(template_item.applies_when))
    if item.child_key:
        facts.append("child_age")
    return RetiredReason.NO_LONGER_APPLIES, {"facts": facts}


@transaction.atomic
def checklists_reconcile(
    *, profile: NewcomerProfile, changed_fields: list[str] | None = None, today: date | None = None
) -> ChecklistChange | None:
    """Bring a newcomer's checklists in line with their profile and the templates.

    Items that now apply are added (or restored, with the state they had); items that no longer apply
    are *retired* — kept with their status, note and documents, and the reason — never deleted.
    Due dates follow the arrival and first-day dates. Returns the change it recorded, if any (the
    very first checklists of a newcomer are not recorded as a change).
    """
    today = today or local_today(profile)
    templates = list(
        ChecklistTemplate.objects.filter(archived_at=None).prefetch_related("items").order_by("order")
    )
    wanted = _wanted_items(profile, templates, today)
    checklists = {c.template_id: c for c in Checklist.objects.filter(profile=profile)}
    existing = {
        (item.template_item_id, item.child_key): item
        for item in ChecklistItem.objects.filter(checklist__profile=profile).select_related(
            "template_item", "checklist"
        )
    }
    now = timezone.now()
    restored: list[ChecklistItem] = []
    new: list[_Wanted] = []
    wanted_keys: set[tuple[int, str]] = set()
    for want in wanted:
        key = (want.template_item.pk, want.child_key)
        wanted_keys.add(key)
        item = existing.get(key)
        if item is None:
            new.append(want)
        elif item.is_retired:  # applies again: it comes back with the state it had
            item.retired_at, item.retired_reason, item.retired_detail = None, "", {}
            restored.append(item)

    missing = {w.template_item.template_id for w in new} - set(checklists)
    for checklist in Checklist.objects.bulk_create(
        Checklist(organisation_id=profile.organisation_id, profile=profile, template_id=template_id)
        for template_id in sorted(missing)
    ):
        checklists[checklist.template_id] = checklist
    created = ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=checklists[w.template_item.template_id],
            template_item=w.template_item,
            child_key=w.child_key,
            child_name=w.child_name,
            added_at=now,
            due_on=due_on(w.template_item, profile),
        )
        for w in new
    )

    retired: list[ChecklistItem] = []
    child_keys = {child_key(c.first_name, c.birth_date) for c in profile.children.all()}
    for key, item in existing.items():
        if key in wanted_keys or item.is_retired:
            continue
        item.retired_reason, item.retired_detail = _retire_reason(item, child_keys)
        item.retired_at = now
        retired.append(item)
    ChecklistItem.objects.bulk_update(
        [*restored, *retired], ["retired_at", "retired_reason", "retired_detail"]
    )

    moved = []
    for item in existing.values():
        due = due_on(item.template_item, profile)
        if item.due_on != due:
            item.due_on = due
            moved.append(item)
    ChecklistItem.objects.bulk_update(moved, ["due_on"])

    added = [*restored, *created]
    if (not added and not retired) or not existing:
        return None  # nothing changed, or these are the newcomer's first checklists (not a change)
    change = ChecklistChange.objects.create(
        profile=profile, changed_at=now, profile_fields=changed_fields or []
    )
    change.added.set(added)
    change.retired.set(retired)
    return change


def follow_profile_change(profile: NewcomerProfile, changes: dict[str, Any]) -> None:
    """Follows ``newcomers.signals.profile_changed``: runs in the profile's transaction."""
    checklists_reconcile(profile=profile, changed_fields=sorted(changes))


# --- Items --------------------------------------------------------------------------------------


def blocking_items(item: ChecklistItem) -> list[ChecklistItem]:
    """Unfinished items this one depends on (e.g. DigiD waits for the BSN registration)."""
    refs = item.template_item.depends_on
    if not refs:
        return []
    candidates = ChecklistItem.objects.filter(
        checklist__profile_id=item.checklist.profile_id, retired_at=None
    ).select_related("template_item__template")
    blocking = []
    for other in candidates:
        if other.template_item.ref not in refs or other.status in FINISHED:
            continue
        if item.child_key and other.child_key and other.child_key != item.child_key:
            continue  # per-child items wait only for the same child's items
        blocking.append(other)
    return blocking


_NINE_DIGITS = re.compile(r"(?<!\d)(\d[ .-]?){8}\d(?!\d)")


def looks_like_bsn(text: str) -> bool:
    """True when ``text`` holds nine digits that pass the BSN eleven-test (elfproef)."""
    for match in _NINE_DIGITS.finditer(text):
        digits = [int(d) for d in re.sub(r"\D", "", match.group(0))]
        if digits[0] == 0 and digits[1] == 0:
            continue
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        if total % 11 == 0 and any(digits):
            return True
    return False


def _refuse_bsn(**texts: str | None) -> None:
    fields = {
        name: [
            "This looks like a BSN. Welkom never stores BSNs: keep it to yourself and only tick the item off."
        ]
        for name, text in texts.items()
        if text and looks_like_bsn(text)
    }
    if fields:
        raise ApiError(
            gettext("Please remove the BSN from your text."), code="bsn_not_allowed", fields=fields
        )


@transaction.atomic
def item_update(
    *,
    item: ChecklistItem,
    changed_by: User,
    status: str | None = None,
    note: str | None = None,
    not_applicable_reason: str | None = None,
    taken_at: datetime | None = None,
) -> ChecklistItem:
    """``taken_at``: when the person made the change (earlier than now when it waited in the phone's
    outbox). A status change made before the item's status last changed on the server is refused
    with 409 ``conflict`` — the newer change wins (docs/mobile-app.md); so is any change to
    a retired item (409 ``retired``). The status is recorded as changed at ``taken_at``."""
    _refuse_bsn(note=note, not_applicable_reason=not_applicable_reason)
    item = (
        ChecklistItem.objects.select_for_update().select_related("checklist", "template_item").get(pk=item.pk)
    )
    if taken_at is not None and status is not None and status != item.status:
        reject_if_changed_since(changed_at=item.status_changed_at, taken_at=taken_at, what="checklist item")
    if item.is_retired:
        # 409 like any change that no longer fits what the server has: the item left the checklist
        # (the newcomer's situation changed) after the person saw it.
        raise ApiError(
            gettext("This item was retired and can no longer be changed."),
            code="retired",
            fields={"status": [gettext("Retired.")]},
            status_code=409,
        )
    if not_applicable_reason is not None:
        item.not_applicable_reason = not_applicable_reason.strip()
    if note is not None:
        item.note = note
    if status is not None and status != item.status:
        if status == ItemStatus.NOT_APPLICABLE and not item.not_applicable_reason:
            raise ApiError(
                gettext("Say why this item does not apply to you."),
                fields={"not_applicable_reason": [gettext("A reason is required for 'not applicable'.")]},
            )
        if status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE):
            blocking = blocking_items(item)
            if blocking:
                languages = content_languages(changed_by)
                names = ", ".join(
                    str(pick(b.template_item.title, languages)[1] or b.template_item.key) for b in blocking
                )
                raise ApiError(
                    gettext("Finish these items first: %(names)s.") % {"names": names},
                    code="blocked",
                    fields={"status": [gettext("Waits for: %(names)s.") % {"names": names}]},
                )
        item.status = status
        # When it was made, so two changes queued one after the other do not refuse each other.
        item.status_changed_at = taken_at or timezone.now()
        item.status_changed_by = changed_by
    if item.status != ItemStatus.NOT_APPLICABLE:
        item.not_applicable_reason = ""
    item.save()
    if item.status in (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE):
        # No longer anybody's task: its overdue notifications leave the inboxes (unsent ones too).
        from welkom.notifications.services import notifications_withdraw

        notifications_withdraw(
            key_prefixes=[f"checklist-overdue:{item.pk}:", f"checklist-overdue-hr:{item.pk}:"]
        )
    if status in (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE) and _checklist_finished(item.checklist):
        signals.checklist_completed.send(sender=Checklist, checklist=item.checklist)
    return item


def _checklist_finished(checklist: Checklist) -> bool:
    """Every current (not retired) item is done or does not apply."""
    current = checklist.items.filter(retired_at__isnull=True)
    unfinished = current.exclude(status__in=[ItemStatus.DONE, ItemStatus.NOT_APPLICABLE])
    return current.exists() and not unfinished.exists()


# --- Documents ----------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return (name or "document")[-200:]


def sniff_type(head: bytes) -> str | None:
    for content_type, (magic, _) in DOCUMENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def document_upload(*, item: ChecklistItem, uploaded_by: User, upload: UploadedFile) -> ChecklistDocument:
    """Keep a PDF, JPEG or PNG of at most CHECKLIST_DOCUMENT_MAX_BYTES (10 MB) with the item. The
    file's first bytes decide its type."""
    item = ChecklistItem.objects.select_for_update().select_related("checklist").get(pk=item.pk)
    if item.is_retired:
        raise ApiError(
            gettext("This item was retired; documents can no longer be added."),
            fields={"file": [gettext("Retired.")]},
        )
    if item.documents.count() >= MAX_DOCUMENTS_PER_ITEM:
        raise ApiError(
            gettext("An item holds at most %(limit)s documents.") % {"limit": MAX_DOCUMENTS_PER_ITEM},
            fields={
                "file": [gettext("At most %(limit)s documents per item.") % {"limit": MAX_DOCUMENTS_PER_ITEM}]
            },
        )
    size = upload.size or 0
    limit = settings.CHECKLIST_DOCUMENT_MAX_BYTES  # the upload handler already stopped at it
    if size > limit:
        raise ApiError(
            gettext("The file is too large."),
            code="too_large",
            fields={"file": [gettext("At most %(limit)s MB.") % {"limit": megabytes_text(limit)}]},
            status_code=413,
        )
    if size == 0:
        raise ApiError(gettext("The file is empty."), fields={"file": [gettext("The file is empty.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_type(head)
    name = _clean_name(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if content_type is None or extension not in DOCUMENT_TYPES[content_type][1]:
        raise ApiError(
            gettext("Only PDF, JPEG and PNG files can be attached."),
            code="wrong_type",
            fields={"file": [gettext("Use a PDF, JPEG or PNG file (the content and the name must match).")]},
        )
    document = ChecklistDocument(
        organisation_id=item.checklist.organisation_id,
        item=item,
        original_name=name,
        content_type=content_type,
        size=size,
        uploaded_by=uploaded_by,
    )
    document.file.save(name, upload, save=False)
    stored = document.file.name
    try:
        document.save()
    except Exception:
        document.file.storage.delete(stored)  # no file without its row
        raise
    return document


@transaction.atomic
def document_delete(*, document: ChecklistDocument) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
