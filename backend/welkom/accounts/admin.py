from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from welkom.accounts.models import Invitation, Organisation, Team, TeamMembership, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "default_language", "created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "role", "is_active"]
    list_filter = ["organisation", "role", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "organisation", "role", "language", "time_zone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "organisation", "role", "password1", "password2")}),
    )


class MembershipInline(admin.TabularInline[TeamMembership, Team]):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "organisation", "lead"]
    list_filter = ["organisation"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organisation", "role"]
    readonly_fields = ["nonce", "email_sent_at", "accepted_at"]
