PUBLIC: set[str] = set()
ENDPOINTS = {
    "newcomer-list": {"get": "all", "post": {"hr", "admin"}},
    "newcomer-me": {"get": {"newcomer"}},
    "newcomer-detail": {"get": "all", "patch": {"hr", "admin"}},
    "newcomer-history": {"get": {"hr", "admin"}},
}
OBJECTS = {
    "newcomer-detail": lambda scope, caller: {"pk": scope.profile.pk},
    "newcomer-history": lambda scope, caller: {"pk": scope.profile.pk},
}
OTHER_TEAM: dict[str, set[str]] = {}
