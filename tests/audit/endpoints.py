PUBLIC: set[str] = set()
ENDPOINTS = {
    "audit-list": {"get": {"hr", "admin"}},
    "audit-me": {"get": "all"},
}
