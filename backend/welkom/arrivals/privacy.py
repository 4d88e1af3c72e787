"""Import rows quote a person's name, e-mail and phone as they were in the file: they are part of
that person's export and erasure, and whole imports are purged after the organisation's retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from welkom.accounts.models import User
from welkom.arrivals.models import ArrivalImport, ArrivalImportRow
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source


def _rows_of(user: User) -> Any:
    match = Q(profile__user=user)
    if user.email:
        match |= Q(email=user.email.lower())
    if user.organisation_id is None:
        return ArrivalImportRow.objects.none()
    return ArrivalImportRow.objects.filter(match, arrival_import__organisation_id=user.organisation_id)


def export_rows(user: User) -> list[dict[str, Any]]:
    return [
        {
            "file": row.arrival_import.file_name,
            "row": row.number,
            "values": row.values,
            "uploaded_at": row.arrival_import.created_at,
        }
        for row in _rows_of(user).select_related("arrival_import")
    ]


def erase_rows(user: User) -> None:
    _rows_of(user).delete()


def purge_imports(organisation_id: int, before: datetime) -> int:
    deleted, _ = ArrivalImport.objects.filter(organisation_id=organisation_id, created_at__lt=before).delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="arrival_imports", export=export_rows, erase=erase_rows, order=50))
    register_retention(
        RetentionKind(
            name="arrival_imports",
            description="Uploaded files of arrivals: each row as it was in the file, with its errors.",
            default_days=30,
            purge=purge_imports,
        )
    )
