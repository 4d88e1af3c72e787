from django.urls import path

from welkom.accounts import apis

urlpatterns = [
    path("auth/logout", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/password-reset", apis.PasswordResetRequestApi.as_view(), name="password-reset"),
    path(
        "auth/password-reset/confirm", apis.PasswordResetConfirmApi.as_view(), name="password-reset-confirm"
    ),
    path("users", apis.UserListApi.as_view(), name="user-list"),
    path("users/<int:pk>", apis.UserDetailApi.as_view(), name="user-detail"),
    path("teams", apis.TeamListApi.as_view(), name="team-list"),
    path("teams/<int:pk>", apis.TeamDetailApi.as_view(), name="team-detail"),
    path("teams/<int:pk>/members", apis.TeamMemberApi.as_view(), name="team-members"),
    path(
        "teams/<int:pk>/members/<int:user_id>", apis.TeamMemberDetailApi.as_view(), name="team-member-detail"
    ),
    path("invitations", apis.InvitationListApi.as_view(), name="invitation-list"),
    path("invitations/<int:pk>", apis.InvitationDetailApi.as_view(), name="invitation-detail"),
    path("invitations/preview/<str:token>", apis.InvitationPreviewApi.as_view(), name="invitation-preview"),
]
