from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.notifications.models import Delivery, Notification


def inbox(user: User) -> QuerySet[Notification]:
    """A person's own notifications, newest first. Nobody reads anyone else's."""
    return for_tenant(Notification.objects.all(), user).filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class DeliveryCount:
    channel: str
    status: str
    count: int
    retried: int  # of ``count``: those that took more than one try


def delivery_counts() -> list[DeliveryCount]:
    """How many deliveries there are per channel and status, in every organisation (the metrics)."""
    rows = (
        Delivery.objects.values("channel", "status")
        .annotate(count=Count("id"), retried=Count("id", filter=Q(attempts__gt=1)))
        .order_by()
    )
    return [DeliveryCount(row["channel"], row["status"], row["count"], row["retried"]) for row in rows]
