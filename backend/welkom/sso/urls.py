from django.urls import path

from welkom.sso import apis

urlpatterns = [
    path("auth/sso/discover", apis.DiscoverApi.as_view(), name="sso-discover"),
    path("auth/sso/start", apis.StartApi.as_view(), name="sso-start"),
    path("auth/sso/callback", apis.CallbackApi.as_view(), name="sso-callback"),
    path("auth/sso/backchannel-logout", apis.BackchannelLogoutApi.as_view(), name="sso-backchannel-logout"),
    path(
        "auth/sso/frontchannel-logout", apis.FrontchannelLogoutApi.as_view(), name="sso-frontchannel-logout"
    ),
    path("sso/link", apis.LinkApi.as_view(), name="sso-link"),
    path("sso/provider", apis.ProviderApi.as_view(), name="sso-provider"),
]
