"""Storing subscriptions, and sending one message to one device (the journeys dispatcher decides
what to send and when; it calls :func:`push_send` for each of the user's devices)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from welkom.accounts.models import User
from welkom.api.errors import ApiError
from welkom.push.models import PushSubscription
from welkom.push.selectors import push_enabled

logger = logging.getLogger(__name__)


@transaction.atomic
def subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Store (or refresh) this device. An endpoint belongs to one browser: when someone else logs in
    on the same browser, the subscription moves to them."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]},
    )
    return subscription


def subscription_delete(*, user: User, endpoint: str) -> bool:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    url: str = "/"
    tag: str = ""

    def as_json(self) -> str:
        return json.dumps({"title": self.title, "body": self.body, "url": self.url, "tag": self.tag})


def push_send(*, subscription: PushSubscription, message: PushMessage, ttl: int = 24 * 3600) -> bool:
    """Send one encrypted message. True when the push service took it. A subscription the push
    service no longer knows (404/410) is deleted; other failures raise for the caller to retry."""
    from pywebpush import WebPushException, webpush  # type: ignore[import-untyped,unused-ignore]

    if not push_enabled():
        raise ApiError("Web push is not configured (WELKOM_VAPID_* settings).", code="push_disabled")
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=message.as_json(),
            vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=ttl,
            timeout=10,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            logger.info("Push subscription %s is gone; deleting it", subscription.pk)
            subscription.delete()
            return False
        raise
    PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
    return True
