from django.urls import path

from welkom.chat import apis

urlpatterns = [
    path("chat/channels", apis.ChannelListApi.as_view(), name="chat-channel-list"),
    path("chat/channels/<int:pk>", apis.ChannelDetailApi.as_view(), name="chat-channel-detail"),
    path("chat/channels/<int:pk>/messages", apis.ChannelMessagesApi.as_view(), name="chat-channel-messages"),
    path("chat/channels/<int:pk>/read", apis.ChannelReadApi.as_view(), name="chat-channel-read"),
    path("chat/messages/<int:pk>", apis.MessageDetailApi.as_view(), name="chat-message-detail"),
    path("chat/direct", apis.DirectOpenApi.as_view(), name="chat-direct-open"),
    path("chat/direct/partners", apis.DirectPartnerListApi.as_view(), name="chat-direct-partners"),
    path("chat/reading-language", apis.ReadingLanguageApi.as_view(), name="chat-reading-language"),
    path("chat/settings", apis.ChatSettingsApi.as_view(), name="chat-settings"),
    path("chat/helper/preview", apis.HelperPreviewApi.as_view(), name="chat-helper-preview"),
    path("chat/helper/memory", apis.HelperMemoryApi.as_view(), name="chat-helper-memory"),
]
