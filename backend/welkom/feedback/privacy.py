"""A newcomer's "did this help?" answers and comments in exports and erasure."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.feedback.models import ContentFeedback
from welkom.privacy.rows import rows


def export_feedback(user: User) -> dict[str, Any]:
    return {"answers": rows(ContentFeedback.objects.filter(user=user))}


def erase_feedback(user: User) -> None:
    ContentFeedback.objects.filter(user=user).delete()


def register() -> None:
    register_source(DataSource(name="feedback", export=export_feedback, erase=erase_feedback))
