PUBLIC: set[str] = set()
ENDPOINTS = {
    "audit-list": {"get": {"hr", "admin"}},
    "audit-me": {"get": "all"},
}
OBJECTS: dict[str, object] = {}
OTHER_TEAM: dict[str, set[str]] = {}
