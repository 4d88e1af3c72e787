from __future__ import annotations

from django.db.models import QuerySet

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.notifications.models import Notification


def inbox(user: User) -> QuerySet[Notification]:
    """A person's own notifications, newest first. Nobody reads anyone else's."""
    return for_tenant(Notification.objects.all(), user).filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()
