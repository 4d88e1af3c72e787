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
