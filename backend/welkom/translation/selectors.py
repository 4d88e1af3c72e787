"""Reads of translation data, scoped to the caller's organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.translation.models import ApiKey, GlossaryEntry, MemoryEntry


def api_keys_visible_to(user: User) -> QuerySet[ApiKey]:
    return for_tenant(ApiKey.objects.all(), user).select_related("created_by")


def glossary_entries_visible_to(user: User) -> QuerySet[GlossaryEntry]:
    return for_tenant(GlossaryEntry.objects.all(), user)


def memory_entries_visible_to(user: User) -> QuerySet[MemoryEntry]:
    return for_tenant(MemoryEntry.objects.all(), user).select_related("approved_by")
