from django.contrib import admin

from welkom.offline.models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin[IdempotencyRecord]):
    list_display = ["user", "method", "path", "status_code", "created_at"]
    search_fields = ["user__email", "key", "path"]
    readonly_fields = [field.name for field in IdempotencyRecord._meta.fields]
