from django.urls import path

from welkom.push import apis

urlpatterns = [
    path("push/config", apis.PushConfigApi.as_view(), name="push-config"),
    path("push/subscriptions", apis.PushSubscriptionListApi.as_view(), name="push-subscription-list"),
    path("push/unsubscribe", apis.PushUnsubscribeApi.as_view(), name="push-unsubscribe"),
]
