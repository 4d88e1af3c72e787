from django.urls import path

from welkom.security import apis, session_apis

urlpatterns = [
    path("auth/login", session_apis.LoginApi.as_view(), name="auth-login"),
    path("me", session_apis.MeApi.as_view(), name="me"),
    path("invitations/accept", session_apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("auth/two-factor", apis.TwoFactorApi.as_view(), name="two-factor"),
    path("auth/two-factor/setup", apis.TwoFactorSetupApi.as_view(), name="two-factor-setup"),
    path("auth/two-factor/confirm", apis.TwoFactorConfirmApi.as_view(), name="two-factor-confirm"),
    path("auth/two-factor/verify", apis.TwoFactorVerifyApi.as_view(), name="two-factor-verify"),
    path("security/policy", apis.SecurityPolicyApi.as_view(), name="security-policy"),
    path(
        "security/users/<int:pk>/two-factor-reset", apis.TwoFactorResetApi.as_view(), name="two-factor-reset"
    ),
]
