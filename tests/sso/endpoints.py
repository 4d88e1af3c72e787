"""Who may reach each sign-in endpoint (tests/core/test_authorization_matrix.py).

The sign-in endpoints are public: the person is not logged in yet (or, for the back-channel
logout, the caller is the provider, which proves itself with a signed logout token)."""

PUBLIC = {"sso-discover", "sso-start", "sso-callback", "sso-backchannel-logout", "sso-frontchannel-logout"}
ENDPOINTS = {
    # Everyone links their own company account (newcomers too: they get one on their first day).
    "sso-link": {"get": "all", "post": "all", "delete": "all"},
    "sso-provider": {"get": {"admin"}, "put": {"admin"}, "delete": {"admin"}},
}
OBJECTS: dict[str, object] = {}
OTHER_TEAM: dict[str, set[str]] = {}
