from django.contrib import admin

from welkom.chat.models import Channel, ChatSettings, Message


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin[Channel]):
    list_display = ["id", "organisation", "kind", "name", "last_seq"]
    list_filter = ["kind"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["id", "channel", "seq", "author", "language", "created_at", "deleted_at"]
    raw_id_fields = ["channel", "author"]


@admin.register(ChatSettings)
class ChatSettingsAdmin(admin.ModelAdmin[ChatSettings]):
    list_display = ["organisation", "retention_days"]
