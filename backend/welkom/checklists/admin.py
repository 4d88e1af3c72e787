from django.contrib import admin
from django.http import HttpRequest

from welkom.checklists.models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    MunicipalityNote,
)


class ReadOnlyContent(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    """Content comes from content/checklists/ through sync_content; it is not edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyContent):
    list_display = ["slug", "category", "order", "archived_at"]


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(ReadOnlyContent):
    list_display = ["key", "template", "source_url", "checked_on", "archived_at"]
    list_filter = ["template"]


@admin.register(MunicipalityNote)
class MunicipalityNoteAdmin(ReadOnlyContent):
    list_display = ["slug", "name", "checked_on"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin[Checklist]):
    list_display = ["profile", "template", "organisation", "created_at"]
    raw_id_fields = ["profile"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin[ChecklistItem]):
    # Documents are deliberately not listed here: they are personal and served only by the API.
    list_display = ["checklist", "template_item", "child_name", "status", "due_on", "retired_at"]
    list_filter = ["status"]
    raw_id_fields = ["checklist"]
