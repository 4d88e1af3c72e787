from __future__ import annotations

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


def subscriptions_for_delivery(user: User) -> QuerySet[PushSubscription]:
    """Every device of ``user``, for a dispatcher sending them a notification."""
    return PushSubscription.objects.filter(user=user, user__is_active=True)
