from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from welkom.offline.models import IdempotencyRecord

KEEP_RECORDS = timedelta(days=30)


def idempotency_records_prune(*, older_than: timedelta = KEEP_RECORDS) -> int:
    """Forget stored answers after a month; a phone retries long before that."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
