from django.contrib import admin

from welkom.push.models import PushSubscription


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin[PushSubscription]):
    list_display = ["user", "user_agent", "created_at", "last_success_at"]
    search_fields = ["user__email"]
