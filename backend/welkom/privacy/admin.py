from django.contrib import admin

from welkom.privacy.models import ErasureRecord, ExportRequest, RetentionRule


@admin.register(ExportRequest)
class ExportRequestAdmin(admin.ModelAdmin[ExportRequest]):
    list_display = ["id", "user", "status", "progress", "created_at", "expires_at"]
    readonly_fields = ["file"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin[ErasureRecord]):
    list_display = ["erased_user", "erased_by", "erased_at"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin[RetentionRule]):
    list_display = ["organisation", "kind", "keep_days"]
