from django.contrib import admin
from django.http import HttpRequest

from welkom.newcomers.models import Child, Leave, NewcomerProfile, ProfileChange


class ChildInline(admin.TabularInline[Child, NewcomerProfile]):
    model = Child
    extra = 0


class LeaveInline(admin.TabularInline[Leave, NewcomerProfile]):
    model = Leave
    extra = 0


@admin.register(NewcomerProfile)
class NewcomerProfileAdmin(admin.ModelAdmin[NewcomerProfile]):
    list_display = ["user", "organisation", "arrival_on", "first_day_on", "team", "municipality"]
    list_filter = ["organisation", "permit_type", "tenure"]
    raw_id_fields = ["user", "team_lead", "buddy"]
    inlines = [ChildInline, LeaveInline]


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin[ProfileChange]):
    list_display = ["profile", "changed_by", "changed_at"]
    readonly_fields = ["profile", "changed_by", "changed_at", "changes"]

    def has_change_permission(self, request: HttpRequest, obj: ProfileChange | None = None) -> bool:
        return False
