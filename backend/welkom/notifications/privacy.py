"""Notifications and their deliveries in exports, erasure and retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.notifications.models import Delivery, Notification
from welkom.privacy.rows import mentions_of, organisation_id_of, rows, scrub


def export_notifications(user: User) -> dict[str, Any]:
    mine = Notification.objects.filter(recipient=user)
    return {
        "notifications": rows(mine),
        "deliveries": rows(Delivery.objects.filter(notification__in=mine)),
    }


def erase_notifications(user: User) -> None:
    Notification.objects.filter(recipient=user).delete()  # deliveries go with them
    # Messages to HR, leads and buddies about the person ("Zaynab's step is overdue") keep their
    # place in the recipient's list, without the name. They are found by the text stored when they
    # were written, which names the person; the name is taken out of that text and out of the
    # params the inbox, e-mail and push render the message from for whoever reads it.
    about = Notification.objects.filter(organisation_id=organisation_id_of(user)).filter(
        mentions_of(user, "title", "body")
    )
    for notification in about:
        notification.title = scrub(notification.title, user)[:300]
        notification.body = scrub(notification.body, user)
        notification.params = _scrub_params(notification.params, user)
        notification.save(update_fields=["title", "body", "params"])


def _scrub_params(value: Any, user: User) -> Any:
    """``value`` (a notification's params) with the person's name taken out of every text in it."""
    if isinstance(value, str):
        return scrub(value, user)
    if isinstance(value, dict):
        return {key: _scrub_params(item, user) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_params(item, user) for item in value]
    return value


def purge_notifications(organisation_id: int, before: datetime) -> int:
    deleted, _ = Notification.objects.filter(organisation_id=organisation_id, created_at__lt=before).delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="notifications", export=export_notifications, erase=erase_notifications))
    register_retention(
        RetentionKind(
            name="notifications",
            description="Notifications (in the app, by e-mail and push) and their delivery records.",
            default_days=180,
            purge=purge_notifications,
        )
    )
