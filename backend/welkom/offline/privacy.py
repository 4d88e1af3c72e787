"""Idempotency records (responses stored for offline retries) in exports, erasure and retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.offline.models import IdempotencyRecord
from welkom.privacy.rows import rows


def export_offline(user: User) -> dict[str, Any]:
    return {"stored_responses": rows(IdempotencyRecord.objects.filter(user=user), exclude=("fingerprint",))}


def erase_offline(user: User) -> None:
    IdempotencyRecord.objects.filter(user=user).delete()


def purge_records(organisation_id: int, before: datetime) -> int:
    deleted, _ = IdempotencyRecord.objects.filter(
        user__organisation_id=organisation_id, created_at__lt=before
    ).delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="offline", export=export_offline, erase=erase_offline))
    register_retention(
        RetentionKind(
            name="offline_responses",
            description="Answers kept so that a change sent twice from a phone is applied once.",
            default_days=7,
            purge=purge_records,
        )
    )
