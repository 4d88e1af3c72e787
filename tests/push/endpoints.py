PUBLIC: set[str] = set()
ENDPOINTS = {
    "push-config": {"get": "all"},
    "push-subscription-list": {"get": "all", "post": "all"},
    "push-unsubscribe": {"post": "all"},
}
