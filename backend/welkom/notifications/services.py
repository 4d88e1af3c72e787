"""Sending notifications. Other apps call :func:`notification_send`; nothing else.

``notification_send`` writes the in-app row and one delivery row per channel, and queues the
channel deliveries after the caller's transaction commits. ``delivery_send`` (run by a task) sends one
delivery under a row lock and marks it sent, so a duplicated or retried task finds it done. Deliveries
whose queue message was lost (a worker killed, Redis restarted) are queued again by
:func:`deliveries_requeue`, which the journeys tick calls every minute: the database decides what is
still to send, the broker only carries ids.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from welkom.accounts.models import User
from welkom.core.mail import email_send
from welkom.notifications.models import Delivery, DeliveryChannel, DeliveryStatus, Notification
from welkom.notifications.texts import Reader, notification_text, render
from welkom.push.addresses import ForbiddenAddress, push_session
from welkom.push.selectors import has_subscription, people_with_subscriptions, subscriptions_for_delivery

logger = logging.getLogger(__name__)

QUIET_STARTS = time(21, 0)
QUIET_ENDS = time(8, 0)
ALL_CHANNELS = (DeliveryChannel.IN_APP, DeliveryChannel.EMAIL, DeliveryChannel.PUSH)
MAX_ATTEMPTS = 6


class DeliveryRetry(Exception):
    """A channel failed in a way worth trying again (network, SMTP)."""


def recipient_time_zone(user: User) -> ZoneInfo:
    """A newcomer's profile time zone (they may still live abroad), else the user's own."""
    name = user.time_zone
    profile = getattr(user, "newcomer_profile", None)
    if profile is not None:
        name = profile.time_zone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def quiet_hours_end(*, moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` itself outside 21:00-08:00 local time, else the next 08:00 local time (in UTC)."""
    local = moment.astimezone(zone)
    if QUIET_ENDS <= local.time() < QUIET_STARTS:
        return moment
    day = local.date() if local.time() < QUIET_ENDS else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_ENDS, tzinfo=zone).astimezone(UTC)


UTC = ZoneInfo("UTC")


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: str,
    params: dict[str, Any] | None = None,
    title: str = "",
    body: str = "",
    link: str = "",
    dedupe_key: str,
    urgent: bool = False,
    channels: Iterable[str] = ALL_CHANNELS,
    queue: bool = True,
    now: datetime | None = None,
) -> Notification:
    """Tell ``recipient`` something, once per ``dedupe_key``: in the app at once, by e-mail and web
    push after the caller's transaction commits, outside the recipient's quiet hours unless urgent.

    Calling it again with the same key returns the existing notification and sends nothing more.
    ``queue=False`` is for bulk callers (the journeys dispatcher) that queue the deliveries returned
    by :func:`deliveries_due` themselves, in chunks. ``now`` is the moment the caller acts at (a
    tick's own moment); quiet hours are judged at it. ``params``: what the text is made of (see
    ``texts.KINDS``); the title and body are then rendered for whoever reads them."""
    assert recipient.organisation_id is not None
    title, body = _first_text(recipient=recipient, kind=kind, params=params, title=title, body=body)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        dedupe_key=dedupe_key,
        defaults={
            "organisation_id": recipient.organisation_id,
            "kind": kind,
            "params": params or {},
            "title": title[:300],
            "body": body,
            "link": link,
            "urgent": urgent,
        },
    )
    if not created:
        return notification
    now = now or timezone.now()
    not_before = now if urgent else quiet_hours_end(moment=now, zone=recipient_time_zone(recipient))
    deliveries = []
    for channel in channels:
        if channel == DeliveryChannel.IN_APP:
            delivery = Delivery(channel=channel, status=DeliveryStatus.SENT, sent_at=now)
        elif channel == DeliveryChannel.PUSH and not _has_push(recipient):
            delivery = Delivery(channel=channel, status=DeliveryStatus.SKIPPED, last_error="no subscription")
        else:
            due = not_before <= now and queue
            delivery = Delivery(channel=channel, not_before=not_before, queued_at=now if due else None)
        delivery.notification = notification
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    due_now = [d.pk for d in deliveries if d.queued_at is not None]
    if due_now:
        transaction.on_commit(lambda: _enqueue(due_now))
    return notification


def _first_text(
    *, recipient: User, kind: str, params: dict[str, Any] | None, title: str, body: str
) -> tuple[str, str]:
    """The title and body stored with the row: as the recipient read it when it was written."""
    rendered = render(kind, params, Reader.of(recipient)) if params else None
    return rendered if rendered is not None else (title, body)


@dataclass(frozen=True)
class Message:
    recipient: User
    kind: str
    dedupe_key: str
    params: dict[str, Any] | None = None
    title: str = ""
    body: str = ""
    link: str = ""
    urgent: bool = False


@transaction.atomic
def notifications_send_many(
    *, messages: list[Message], channels: Iterable[str] = ALL_CHANNELS, now: datetime | None = None
) -> list[int]:
    """``notification_send`` for many messages in a few queries (the dispatcher's path). Same
    guarantees: a (recipient, dedupe_key) that exists already gets no new deliveries. Channel
    deliveries are queued in chunks after commit. Returns the notification ids. ``now``: the tick's
    moment, at which quiet hours are judged."""
    if not messages:
        return []
    now = now or timezone.now()
    recipients = {m.recipient.pk for m in messages}
    with_push: set[int] = set()
    if settings.WEBPUSH_VAPID_PRIVATE_KEY:
        with_push = people_with_subscriptions(user_ids=recipients)
    texts = [
        _first_text(recipient=m.recipient, kind=m.kind, params=m.params, title=m.title, body=m.body)
        for m in messages
    ]
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                organisation_id=m.recipient.organisation_id or 0,
                recipient=m.recipient,
                kind=m.kind,
                params=m.params or {},
                title=title[:300],
                body=body,
                link=m.link,
                dedupe_key=m.dedupe_key,
                urgent=m.urgent,
                created_at=now,
            )
            for m, (title, body) in zip(messages, texts, strict=True)
        ],
        update_conflicts=True,  # an existing row is kept as it is and its id returned
        unique_fields=["recipient", "dedupe_key"],
        update_fields=["dedupe_key"],
    )
    deliveries = []
    for message, notification in zip(messages, notifications, strict=True):
        zone = recipient_time_zone(message.recipient)
        not_before = now if message.urgent else quiet_hours_end(moment=now, zone=zone)
        for channel in channels:
            if channel == DeliveryChannel.IN_APP:
                delivery = Delivery(channel=channel, status=DeliveryStatus.SENT, sent_at=now)
            elif channel == DeliveryChannel.PUSH and message.recipient.pk not in with_push:
                delivery = Delivery(
                    channel=channel, status=DeliveryStatus.SKIPPED, last_error="no subscription"
                )
            else:
                delivery = Delivery(channel=channel, not_before=not_before)
            delivery.notification_id = notification.pk
            deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)  # existing ones stay as they are
    ids = [n.pk for n in notifications]
    deliveries_queue_due(notification_ids=ids, now=now)
    return ids


def _has_push(user: User) -> bool:
    return bool(settings.WEBPUSH_VAPID_PRIVATE_KEY) and has_subscription(user=user)


CHUNK = 50


def _enqueue(delivery_ids: list[int]) -> None:
    """One task per delivery when there are few; chunks of ids when a tick sends many."""
    from welkom.notifications.tasks import deliveries_send, delivery_send

    if len(delivery_ids) == 1:
        delivery_send.delay(delivery_ids[0])
        return
    for start in range(0, len(delivery_ids), CHUNK):
        deliveries_send.delay(delivery_ids[start : start + CHUNK])


def deliveries_queue_due(*, notification_ids: list[int], now: datetime | None = None) -> int:
    """For bulk callers of ``notification_send(queue=False)``: mark the channel deliveries of these
    notifications that may go now as queued, and queue them in chunks after commit."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            notification_id__in=notification_ids,
            status=DeliveryStatus.PENDING,
            not_before__lte=now,
            queued_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    if due:
        Delivery.objects.filter(pk__in=due).update(queued_at=now)
        transaction.on_commit(lambda: _enqueue(due))
    return len(due)


def deliveries_requeue(
    *, now: datetime | None = None, stale_after: timedelta | None = None, limit: int = 1000
) -> int:
    """Queue pending deliveries whose time has come and that were never queued, or were queued so
    long ago that the message must have been lost. Safe to repeat: sending checks the status.
    ``limit`` keeps a long queue (a backlog, not a loss) from being doubled in one go."""
    now = now or timezone.now()
    stale_after = stale_after or timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        pending = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, not_before__lte=now)
            .exclude(queued_at__gt=now - stale_after)
            .order_by("not_before")
            .values_list("pk", flat=True)[:limit]
        )
        if pending:
            Delivery.objects.filter(pk__in=pending).update(queued_at=now)
            transaction.on_commit(lambda: _enqueue(pending))
    return len(pending)


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery unless it is already done. Returns its status afterwards.

    The row stays locked while the channel is used, so a duplicate task waits and then finds it
    sent. Raises :class:`DeliveryRetry` for a failure worth retrying.

    Whether the delivery may go yet (quiet hours) was decided by the code that queued it, at that
    code's ``now``: a delivery is queued only once its ``not_before`` has come. This function reads
    no clock to decide, so a worker sends what a tick queued even when the tick ran at a moment
    passed in (tests, a catch-up) rather than the worker's own clock."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery.status if delivery else "missing"
        if delivery.queued_at is None or delivery.queued_at < delivery.not_before:
            return delivery.status  # not released yet (quiet hours): the requeue sweep queues it
        delivery.attempts += 1
        try:
            outcome = _send_channel(delivery)
        except DeliveryRetry as exc:
            delivery.last_error = str(exc)[:500]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            if delivery.status == DeliveryStatus.FAILED:
                return delivery.status
            retry = exc
        else:
            delivery.status = outcome
            delivery.sent_at = timezone.now() if outcome == DeliveryStatus.SENT else None
            delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return delivery.status
    raise retry  # after the attempt count is committed


def _message_id(delivery: Delivery) -> str:
    digest = hashlib.sha256(f"{delivery.notification_id}:{delivery.channel}".encode()).hexdigest()[:24]
    return f"<welkom-{digest}@{settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN}>"


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def _send_channel(delivery: Delivery) -> str:
    notification = delivery.notification
    recipient = notification.recipient
    if delivery.channel == DeliveryChannel.EMAIL:
        if not recipient.email:
            return DeliveryStatus.SKIPPED
        title, body = notification_text(notification)
        try:
            email_send(
                recipient=recipient,
                to=recipient.email,
                template="notification",
                context={"title": title, "body": body, "link": _absolute(notification.link)},
                # The same id for the same delivery: a mail server or client can drop a duplicate.
                headers={"Message-ID": _message_id(delivery)},
            )
        except (OSError, ConnectionError, TimeoutError) as exc:
            raise DeliveryRetry(f"e-mail: {exc}") from exc
        return DeliveryStatus.SENT
    if delivery.channel == DeliveryChannel.PUSH:
        return _send_push(delivery)
    return DeliveryStatus.SENT


def _send_push(delivery: Delivery) -> str:
    from pywebpush import WebPushException, webpush  # type: ignore[import-untyped,unused-ignore]

    private_key = settings.WEBPUSH_VAPID_PRIVATE_KEY
    subscriptions = list(subscriptions_for_delivery(user_id=delivery.notification.recipient_id))
    if not subscriptions or not private_key:
        return DeliveryStatus.SKIPPED
    notification = delivery.notification
    title, body = notification_text(notification)
    topic = hashlib.sha256(f"{delivery.notification_id}".encode()).hexdigest()[:32]
    payload = json.dumps(  # the shape the service worker shows (welkom.push.services.PushMessage)
        {
            "title": title,
            "body": body,
            "url": notification.link or "/",
            "tag": topic,
        }
    )
    delivered = 0
    for subscription in subscriptions:
        try:
            with push_session() as session:  # refuses internal addresses (welkom.push.addresses)
                webpush(
                    subscription_info={
                        "endpoint": subscription.endpoint,
                        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                    },
                    data=payload,
                    vapid_private_key=private_key,
                    vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                    # The push service replaces a not yet delivered message with the same topic.
                    headers={"Topic": topic, "Urgency": "high" if notification.urgent else "normal"},
                    ttl=60 * 60 * 24,
                    timeout=10,
                    requests_session=session,
                )
            delivered += 1
        except ForbiddenAddress as exc:  # never sent; the subscription is of no use
            logger.warning("Push subscription %s refused: %s; deleting it", subscription.pk, exc)
            subscription.delete()
            continue
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):  # the browser unsubscribed: forget it
                subscription.delete()
                continue
            raise DeliveryRetry(f"push: {exc}") from exc
        except OSError as exc:
            raise DeliveryRetry(f"push: {exc}") from exc
    return DeliveryStatus.SENT if delivered else DeliveryStatus.SKIPPED


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notifications_withdraw(
    *,
    dedupe_keys: Iterable[str] = (),
    key_prefixes: Iterable[str] = (),
    recipient: User | None = None,
    except_recipients: Iterable[User] = (),
) -> int:
    """Take back notifications that no longer hold (their task is done, or a reminder replaced
    them): gone from the inbox, and their e-mail or push not sent if it was still waiting.
    ``recipient``: only theirs (one team member did their part of a shared step);
    ``except_recipients``: all but theirs (a step that now belongs to them).
    Returns how many were withdrawn."""
    condition = Q(dedupe_key__in=list(dedupe_keys))
    for prefix in key_prefixes:
        condition |= Q(dedupe_key__startswith=prefix)
    notifications = Notification.objects.filter(condition)
    if recipient is not None:
        notifications = notifications.filter(recipient=recipient)
    keep = [person.pk for person in except_recipients]
    if keep:
        notifications = notifications.exclude(recipient_id__in=keep)
    _total, per_model = notifications.delete()
    return per_model.get(Notification._meta.label, 0)
