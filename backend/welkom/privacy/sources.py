"""The privacy app's own personal data: a person's export requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.privacy.models import ExportRequest, ExportStatus


def export_privacy(user: User) -> dict[str, Any]:
    return {
        "export_requests": list(
            ExportRequest.objects.filter(user=user).values("created_at", "status", "finished_at")
        )
    }


def purge_export_requests(organisation_id: int, before: datetime) -> int:
    old = ExportRequest.objects.filter(organisation_id=organisation_id, created_at__lt=before).exclude(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.READY]
    )
    deleted, _ = old.delete()
    return deleted


register_source(DataSource(name="privacy", export=export_privacy))
register_retention(
    RetentionKind(
        name="export_requests",
        description="Records of data exports that were downloaded or expired.",
        default_days=90,
        purge=purge_export_requests,
    )
)
