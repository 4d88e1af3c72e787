"""Templates are authored as files in content/journeys/ and can be edited here. A later sync of a
changed file replaces the template with the file's version; templates created here (no file) stay."""

from django.contrib import admin

from welkom.journeys.models import (
    JourneyTemplate,
    Plan,
    PlanEvent,
    PlanStep,
    TemplateStage,
    TemplateStep,
)


class TemplateStageInline(admin.TabularInline[TemplateStage, JourneyTemplate]):
    model = TemplateStage
    extra = 0
    show_change_link = True


class TemplateStepInline(admin.TabularInline[TemplateStep, TemplateStage]):
    model = TemplateStep
    extra = 0


@admin.register(JourneyTemplate)
class JourneyTemplateAdmin(admin.ModelAdmin[JourneyTemplate]):
    list_display = ["slug", "archived_at", "updated_at"]
    readonly_fields = ["content_hash"]
    inlines = [TemplateStageInline]


@admin.register(TemplateStage)
class TemplateStageAdmin(admin.ModelAdmin[TemplateStage]):
    list_display = ["template", "key", "anchor", "offset_days", "position"]
    list_filter = ["template"]
    inlines = [TemplateStepInline]


class PlanStepInline(admin.TabularInline[PlanStep, Plan]):
    model = PlanStep
    extra = 0
    fields = ["key", "stage", "kind", "ref", "owner", "due_at", "pinned", "state", "sent_at", "done_at"]
    readonly_fields = ["sent_at", "done_at"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ["profile", "template_slug", "organisation", "created_at"]
    list_filter = ["organisation", "template_slug"]
    raw_id_fields = ["profile", "hr_contact"]
    inlines = [PlanStepInline]


@admin.register(PlanEvent)
class PlanEventAdmin(admin.ModelAdmin[PlanEvent]):
    list_display = ["plan", "kind", "actor", "at"]
    list_filter = ["kind"]
