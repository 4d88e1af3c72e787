from django.urls import path

from welkom.security import apis

urlpatterns = [
    path("auth/two-factor", apis.TwoFactorApi.as_view(), name="two-factor"),
    path("auth/two-factor/setup", apis.TwoFactorSetupApi.as_view(), name="two-factor-setup"),
    path("auth/two-factor/confirm", apis.TwoFactorConfirmApi.as_view(), name="two-factor-confirm"),
    path("auth/two-factor/verify", apis.TwoFactorVerifyApi.as_view(), name="two-factor-verify"),
    path("security/policy", apis.SecurityPolicyApi.as_view(), name="security-policy"),
    path(
        "security/users/<int:pk>/two-factor-reset", apis.TwoFactorResetApi.as_view(), name="two-factor-reset"
    ),
]
