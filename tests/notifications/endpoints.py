PUBLIC: set[str] = set()
ENDPOINTS = {
    "notification-list": {"get": "all"},
    "notification-read-all": {"post": "all"},
    "notification-read": {"post": "all"},
    "notification-unread": {"get": "all"},
}


def _notification(scope, caller):  # type: ignore[no-untyped-def]
    """The caller's own notification in their own scope; someone else's elsewhere."""
    from tests.notifications.factories import NotificationFactory

    recipient = caller if scope.name == "own" else scope.newcomer
    notification = NotificationFactory(recipient=recipient, kind="matrix", dedupe_key=f"matrix-{scope.name}")
    return {"pk": notification.pk}


OBJECTS = {"notification-read": _notification}
# A notification is its recipient's only, whatever the reader's role.
OTHER_TEAM = {"notification-read": set()}
