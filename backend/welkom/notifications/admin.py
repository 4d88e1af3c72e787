from django.contrib import admin

from welkom.notifications.models import Delivery, Notification


class DeliveryInline(admin.TabularInline[Delivery, Notification]):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "status", "not_before", "queued_at", "attempts", "sent_at", "last_error"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", "organisation"]
    raw_id_fields = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["notification", "channel", "status", "attempts", "not_before", "sent_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notification"]
