from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from welkom.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: entries can be listed, never added, changed or deleted here."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "subject_user"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor", "subject_user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
