from django.contrib import admin

from welkom.arrivals.models import ArrivalImport


@admin.register(ArrivalImport)
class ArrivalImportAdmin(admin.ModelAdmin[ArrivalImport]):
    list_display = ["file_name", "organisation", "status", "row_count", "error_row_count", "created_at"]
    list_filter = ["status", "organisation"]
    readonly_fields = [f.name for f in ArrivalImport._meta.fields]
