from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.push.models import PushSubscription


def push_enabled() -> bool:
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)


def subscriptions_of(user: User) -> QuerySet[PushSubscription]:
    """The caller's own devices; nobody else's, not even in the same organisation."""
    return for_tenant(PushSubscription.objects.all(), user).filter(user=user)


def subscriptions_for_delivery(*, user_id: int) -> QuerySet[PushSubscription]:
    """Every device of the person ``user_id``, for a dispatcher sending them a notification."""
    return PushSubscription.objects.filter(user_id=user_id)


def has_subscription(*, user: User) -> bool:
    """Whether ``user`` turned on notifications on at least one device."""
    return PushSubscription.objects.filter(user=user).exists()


def people_with_subscriptions(*, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` have at least one device, in one query."""
    return set(PushSubscription.objects.filter(user_id__in=list(user_ids)).values_list("user_id", flat=True))
