PUBLIC: set[str] = set()
ENDPOINTS = {
    "notification-list": {"get": "all"},
    "notification-read-all": {"post": "all"},
    "notification-read": {"post": "all"},
    "notification-push-config": {"get": "all"},
    "notification-push-subscribe": {"post": "all"},
}
