"""Browser push subscriptions in exports and erasure."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.privacy.rows import rows
from welkom.push.models import PushSubscription


def export_push(user: User) -> dict[str, Any]:
    # The browser's keys are secrets, not information about the person.
    return {"subscriptions": rows(PushSubscription.objects.filter(user=user), exclude=("p256dh", "auth"))}


def erase_push(user: User) -> None:
    PushSubscription.objects.filter(user=user).delete()


def register() -> None:
    register_source(DataSource(name="push", export=export_push, erase=erase_push))
