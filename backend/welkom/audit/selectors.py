"""Reading the audit log: a person sees who looked at their data; HR and admin see everything."""

from __future__ import annotations

from django.db.models import QuerySet

from welkom.accounts.models import Role, User
from welkom.audit.models import AuditEntry
from welkom.core.tenancy import for_tenant


def audit_entries_about(user: User) -> QuerySet[AuditEntry]:
    """Who viewed or changed the personal data of ``user`` (their own view of the log)."""
    return for_tenant(AuditEntry.objects.all(), user).filter(subject_user=user).select_related("actor")


def audit_entries_visible_to(
    user: User, *, subject_id: int | None = None, actor_id: int | None = None
) -> QuerySet[AuditEntry]:
    if user.role not in (Role.HR, Role.ADMIN):
        return AuditEntry.objects.none()
    entries = for_tenant(AuditEntry.objects.all(), user).select_related("actor", "subject_user")
    if subject_id is not None:
        entries = entries.filter(subject_user_id=subject_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries
