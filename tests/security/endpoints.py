PUBLIC: set[str] = set()
ENDPOINTS = {
    "two-factor": {"get": "all"},
    "two-factor-setup": {"post": "all"},
    "two-factor-confirm": {"post": "all"},
    "two-factor-verify": {"post": "all"},
    "security-policy": {"get": {"hr", "admin"}, "patch": {"admin"}},
    "two-factor-reset": {"post": {"admin"}},
}
OBJECTS = {"two-factor-reset": lambda scope, caller: {"pk": scope.newcomer.pk}}
OTHER_TEAM: dict[str, set[str]] = {}
