"""Who may reach each accounts endpoint: url name -> {method: "all" | set of roles}.

Every app lists its endpoints in tests/<app>/endpoints.py; tests/core/test_endpoint_classification.py
fails when an /api/ url name is in none of them.
"""

PUBLIC = {
    "auth-login",
    "auth-logout",
    "password-reset",
    "password-reset-confirm",
    "invitation-preview",
    "invitation-accept",
}
ENDPOINTS = {
    "me": {"get": "all", "patch": "all"},
    "user-list": {"get": {"hr", "admin", "team_lead"}},
    "user-detail": {"get": {"hr", "admin", "team_lead"}},
    "team-list": {"get": "all", "post": {"hr", "admin"}},
    "team-detail": {"get": "all"},
    "team-members": {"post": {"hr", "admin"}},
    "team-member-detail": {"delete": {"hr", "admin"}},
    "invitation-list": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "invitation-detail": {"get": {"hr", "admin"}, "delete": {"hr", "admin"}},
}
# URL arguments per scope for the authorization matrix (tests/core/test_authorization_matrix.py):
# (scope, caller) -> kwargs. OTHER_TEAM: roles that may reach another team's object (default hr, admin).
OBJECTS = {
    "user-detail": lambda scope, caller: {"pk": scope.newcomer.pk},
    "team-detail": lambda scope, caller: {"pk": scope.team.pk},
    "team-members": lambda scope, caller: {"pk": scope.team.pk},
    "team-member-detail": lambda scope, caller: {"pk": scope.team.pk, "user_id": scope.newcomer.pk},
    "invitation-detail": lambda scope, caller: {"pk": scope.invitation.pk},
}
OTHER_TEAM: dict[str, set[str]] = {}
