"""The audit log in exports, erasure and retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_purge, audit_purge_before
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source


def export_audit(user: User) -> dict[str, Any]:
    # Who looked at the person's data is shown by role: the export holds nobody else's personal data.
    about = AuditEntry.objects.filter(subject_user=user).order_by("at")
    return {
        "access_to_your_data": [
            {"at": e.at, "action": e.action, "by_role": e.actor_role, "what": e.object_type}
            for e in about.only("at", "action", "actor_role", "object_type")
        ]
    }


def erase_audit(user: User) -> None:
    # Entries about the erased person go; entries where they were the actor stay (they point to an
    # anonymous account after erasure) so that the organisation still knows what happened.
    audit_purge(AuditEntry.objects.filter(subject_user=user))


def purge_audit(organisation_id: int, before: datetime) -> int:
    return audit_purge_before(organisation_id=organisation_id, before=before)


def register() -> None:
    register_source(DataSource(name="audit", export=export_audit, erase=erase_audit, order=50))
    register_retention(
        RetentionKind(
            name="audit_log",
            description="Who viewed or changed whose personal data.",
            default_days=730,
            purge=purge_audit,
        )
    )
