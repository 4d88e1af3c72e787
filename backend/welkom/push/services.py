"""Storing subscriptions, and sending one message to one device (the journeys dispatcher decides
what to send and when; it calls :func:`push_send` for each of the user's devices)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from welkom.accounts.models import User
from welkom.core.errors import ApiError
from welkom.push import addresses
from welkom.push.models import PushSubscription
from welkom.push.selectors import push_enabled

logger = logging.getLogger(__name__)


@transaction.atomic
def subscription_save(
    *,
    user: User,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str = "",
    resolve: addresses.Resolver | None = None,
) -> PushSubscription:
    """Store (or refresh) this person's device. The endpoint must be an https address on the
    internet (welkom.push.addresses; ``resolve`` looks host names up, the system's resolver by
    default). An endpoint that already belongs to someone else is refused, never moved: that person
    turns notifications off on this browser first (the app does so when they switch them off)."""
    problem = addresses.endpoint_problem(endpoint, resolve=resolve)
    if problem:
        raise ApiError(problem, fields={"endpoint": [problem]})
    existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if existing is not None and existing.user_id != user.pk:
        message = _(
            "This browser already receives notifications for another Welkom account. "
            "That person has to turn them off on this browser first."
        )
        raise ApiError(message, code="push_endpoint_in_use", fields={"endpoint": [message]}, status_code=409)
    subscription, _created = PushSubscription.objects.update_or_create(
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
        raise ApiError(gettext("Web push is not configured (WELKOM_VAPID_* settings)."), code="push_disabled")
    try:
        with addresses.push_session() as session:
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
                requests_session=session,
            )
    except addresses.ForbiddenAddress as error:
        logger.warning("Push subscription %s refused: %s; deleting it", subscription.pk, error)
        subscription.delete()
        return False
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            logger.info("Push subscription %s is gone; deleting it", subscription.pk)
            subscription.delete()
            return False
        raise
    PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
    return True
