"""Templates are authored as files in content/journeys/ and can be edited here. A later sync of a
changed file replaces the template with the file's version; templates created here (no file) stay.
An edit of a template's stages or steps here gives it a new ``updated_at``: every web process reads
its texts again (they are kept per process, selectors.plan_texts)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from welkom.journeys.models import (
    JourneyTemplate,
    Plan,
    PlanEvent,
    PlanStep,
    TemplateStage,
    TemplateStep,
)
from welkom.journeys.services import template_touch


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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        template_touch(form.instance)


@admin.register(TemplateStage)
class TemplateStageAdmin(admin.ModelAdmin[TemplateStage]):
    list_display = ["template", "key", "anchor", "offset_days", "position"]
    list_filter = ["template"]
    inlines = [TemplateStepInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        template_touch(form.instance.template)

    def delete_model(self, request: HttpRequest, obj: TemplateStage) -> None:
        template = obj.template
        super().delete_model(request, obj)
        template_touch(template)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        templates = list(JourneyTemplate.objects.filter(stages__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for template in templates:
            template_touch(template)


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
