from django.contrib import admin

from welkom.security.models import SecurityPolicy


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin[SecurityPolicy]):
    list_display = ["organisation", "require_two_factor", "updated_at"]
