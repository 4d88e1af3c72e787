PUBLIC: set[str] = set()
ENDPOINTS = {
    "notification-list": {"get": "all"},
    "notification-read-all": {"post": "all"},
    "notification-read": {"post": "all"},
    "notification-unread": {"get": "all"},
}
