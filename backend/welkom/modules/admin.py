"""Review of module translations: HR and admins (staff with the right permissions) edit machine
translations and approve them; human translations come from the content files and are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from welkom.accounts.models import User
from welkom.core.admin_site import ContentReviewMixin
from welkom.modules import services
from welkom.modules.models import Module, ModuleProgress, ModuleTranslation, ModuleTranslationStatus


class TranslationInline(admin.TabularInline[ModuleTranslation, Module]):
    model = ModuleTranslation
    fields = ["locale", "status", "title", "reviewed_by", "reviewed_at"]
    readonly_fields = ["locale", "status", "title", "reviewed_by", "reviewed_at"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin[Module]):
    list_display = ["slug", "audience", "topic", "stage", "minutes", "archived_at", "updated_at"]
    list_filter = ["audience", "stage", "archived_at"]
    search_fields = ["slug", "topic"]
    readonly_fields = [
        "slug",
        "audience",
        "topic",
        "stage",
        "minutes",
        "tags",
        "order",
        "source_locale",
        "quiz",
        "content_hash",
        "archived_at",
        "created_at",
        "updated_at",
    ]
    inlines = [TranslationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # modules come from content/modules/ through sync_content


@admin.register(ModuleTranslation)
class ModuleTranslationAdmin(ContentReviewMixin, admin.ModelAdmin[ModuleTranslation]):
    """HR and admins review machine translations here (see welkom.core.admin_site)."""

    list_display = ["module", "locale", "status", "title", "reviewed_by", "reviewed_at", "outdated"]
    list_filter = ["status", "locale"]
    search_fields = ["module__slug", "title"]
    fields = [
        "module",
        "locale",
        "status",
        "title",
        "summary",
        "body",
        "region_notes",
        "reflection",
        "quiz_text",
        "reviewed_by",
        "reviewed_at",
    ]
    actions = ["approve"]

    @admin.display(boolean=True, description="Outdated")
    def outdated(self, obj: ModuleTranslation) -> bool:
        return obj.is_outdated

    def get_readonly_fields(self, request: HttpRequest, obj: ModuleTranslation | None = None) -> list[str]:
        if obj is not None and obj.status == ModuleTranslationStatus.HUMAN:
            return list(self.fields)  # type: ignore[arg-type]
        return ["module", "locale", "status", "reviewed_by", "reviewed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by module_machine_translate or by sync_content

    def save_model(self, request: HttpRequest, obj: ModuleTranslation, form: Any, change: bool) -> None:
        services.translation_save(translation=obj)

    @admin.action(description="Approve the selected machine translations", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[ModuleTranslation]) -> None:
        assert isinstance(request.user, User)
        approved = 0
        for translation in queryset.select_related("module").exclude(status=ModuleTranslationStatus.HUMAN):
            services.translation_approve(translation=translation, reviewer=request.user)
            approved += 1
        self.message_user(request, f"{approved} translation(s) approved.", messages.SUCCESS)


@admin.register(ModuleProgress)
class ModuleProgressAdmin(admin.ModelAdmin[ModuleProgress]):
    list_display = ["user", "module", "organisation", "status", "percent", "last_seen_at", "completed_at"]
    list_filter = ["organisation", "status"]
    raw_id_fields = ["user"]
    readonly_fields = ["organisation", "user", "module", "started_at", "last_seen_at", "completed_at"]
