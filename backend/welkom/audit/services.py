"""Writing audit entries. Every read or change of a person's personal data calls one of these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from welkom.accounts.models import User
from welkom.audit.models import Action, AuditEntry


def audit_record(
    *, actor: User, action: str, subject_user: User | int, object_type: str, object_id: object = ""
) -> AuditEntry | None:
    """Record that ``actor`` did ``action`` on personal data of ``subject_user``.

    A person looking at their own data is not recorded (nobody else was involved)."""
    return _first(
        audit_record_many(actor=actor, action=action, entries=[(subject_user, object_type, object_id)])
    )


def audit_record_many(
    *, actor: User, action: str, entries: Iterable[tuple[User | int, str, object]]
) -> list[AuditEntry]:
    """Record one action on several objects in one query (used by list endpoints)."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    organisation_id = actor.organisation_id
    assert organisation_id is not None, "audit entries belong to an organisation"
    now = timezone.now()
    rows = []
    for subject, object_type, object_id in entries:
        subject_id = subject if isinstance(subject, int) else subject.pk
        if subject_id == actor.pk and action == Action.VIEWED:
            continue
        rows.append(
            AuditEntry(
                organisation_id=organisation_id,
                actor=actor,
                actor_role=actor.role,
                action=action,
                subject_user_id=subject_id,
                object_type=object_type,
                object_id=str(object_id),
                at=now,
            )
        )
    return AuditEntry.objects.bulk_create(rows) if rows else []


def audit_event(
    *,
    organisation_id: int,
    action: str,
    object_type: str,
    object_id: object = "",
    actor: User | None = None,
    subject_user: User | None = None,
) -> AuditEntry:
    """Record an event that may have no actor (a refused sign-in) or no subject (a setting)."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    fields: dict[str, Any] = {
        "organisation_id": organisation_id,
        "actor": actor,
        "actor_role": actor.role if actor is not None else "",
        "action": action,
        "subject_user": subject_user,  # may be None (the column allows it; the stubs do not know)
        "object_type": object_type,
        "object_id": str(object_id)[:40],
        "at": timezone.now(),
    }
    return AuditEntry.objects.create(**fields)


def _first(entries: list[AuditEntry]) -> AuditEntry | None:
    return entries[0] if entries else None


def audit_purge(entries: QuerySet[AuditEntry]) -> int:
    """Delete audit entries: only retention and erasure may. Lifts the database guard for this
    transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL welkom.audit_purge = 'on'")
        deleted, _ = entries.delete()
    return deleted


def audit_purge_before(*, organisation_id: int, before: datetime) -> int:
    return audit_purge(AuditEntry.objects.filter(organisation_id=organisation_id, at__lt=before))
