"""Right of access (exports), right to erasure and retention."""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import tempfile
import zipfile
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from welkom.accounts.models import Organisation, Role, User
from welkom.accounts.selectors import active_people_with_role, organisation_ids, user_locked
from welkom.audit.models import Action
from welkom.audit.services import audit_record
from welkom.core import privacy_registry as registry
from welkom.core.errors import ApiError
from welkom.core.language import person_language
from welkom.privacy.models import (
    EXPORT_BUILD_FAILED,
    ErasureRecord,
    ExportRequest,
    ExportStatus,
    RetentionRule,
)

logger = logging.getLogger(__name__)


# --- Right of access ------------------------------------------------------------------------------


def export_request_create(*, user: User) -> ExportRequest:
    """Queue a copy of everything Welkom holds about ``user``. One at a time per person."""
    from welkom.privacy.tasks import export_build

    with transaction.atomic():
        busy = ExportRequest.objects.select_for_update().filter(
            user=user, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
        )
        if busy.exists():
            raise ApiError(
                gettext("Your export is already being prepared. Wait until it is ready."),
                code="export_in_progress",
                status_code=409,
            )
        assert user.organisation_id is not None
        export = ExportRequest.objects.create(organisation_id=user.organisation_id, user=user)
        transaction.on_commit(lambda: export_build.delay(export.pk))
    return export


def _progress(export: ExportRequest, percent: int) -> None:
    export.progress = percent
    ExportRequest.objects.filter(pk=export.pk).update(progress=percent, status=ExportStatus.RUNNING)


def export_build(*, export_id: int) -> ExportRequest | None:
    """Build the zip (data.json plus documents/) for a queued export. Safe to run twice."""
    with transaction.atomic():
        export = (
            ExportRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
            .first()
        )
        if export is None:
            return None
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        _write_export(export)
    except Exception:
        logger.exception("Export %s failed", export_id)
        ExportRequest.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=EXPORT_BUILD_FAILED
        )
        raise
    return export


def _write_export(export: ExportRequest) -> None:
    user = export.user
    sources = registry.sources()
    generated_at = timezone.now()
    with translation.override(person_language(user)):
        about = gettext("Everything Welkom holds about you, per part of the application.")
        readme = render_to_string(
            "privacy/export_readme.txt",
            {"name": user.display_name, "date": formats.date_format(timezone.localtime(generated_at).date())},
        )
    data: dict[str, Any] = {"generated_at": generated_at, "about": about}
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, source in enumerate(sources, start=1):
                part = source.export(user)
                if isinstance(part, registry.PersonalData):
                    data[source.name] = part.data
                    for document in part.documents:
                        with (
                            document.open() as handle,
                            archive.open(f"documents/{source.name}/{document.name}", "w") as target,
                        ):
                            shutil.copyfileobj(handle, target)
                else:
                    data[source.name] = part
                _progress(export, int(90 * index / max(len(sources), 1)))
            archive.writestr(
                "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            )
            archive.writestr("README.txt", readme)
        size = buffer.tell()
        buffer.seek(0)
        now = timezone.now()
        export.file.save(f"{secrets.token_urlsafe(24)}.zip", File(buffer), save=False)
    ExportRequest.objects.filter(pk=export.pk).update(
        file=export.file.name,
        size=size,
        status=ExportStatus.READY,
        progress=100,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.PRIVACY_EXPORT_VALID_HOURS),
    )


def export_download(*, export: ExportRequest, user: User) -> ExportRequest:
    if export.status != ExportStatus.READY or (export.expires_at and export.expires_at <= timezone.now()):
        raise ApiError(
            gettext("This export cannot be downloaded any more. Ask for a new one."),
            code="export_not_available",
            status_code=410 if export.status in (ExportStatus.READY, ExportStatus.EXPIRED) else 409,
        )
    audit_record(
        actor=user,
        action=Action.DOWNLOADED,
        subject_user=export.user_id,
        object_type="export",
        object_id=export.pk,
    )
    return export


def exports_expire() -> int:
    """Delete the files of exports past their time (beat job)."""
    count = 0
    expired = ExportRequest.objects.filter(status=ExportStatus.READY, expires_at__lte=timezone.now())
    for export in expired.iterator():
        _delete_file(export)
        ExportRequest.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="", size=0)
        count += 1
    return count


def _delete_file(export: ExportRequest) -> None:
    if export.file:
        export.file.storage.delete(export.file.name)


# --- Right to erasure -----------------------------------------------------------------------------


def erasure_perform(*, person: User, erased_by: User, confirm_email: str) -> ErasureRecord:
    """Erase everything Welkom holds about ``person`` in one transaction (after offboarding).

    Each registered data source deletes or neutralises its rows; the account itself is kept as an
    anonymous shell so that aggregates and other people's records stay consistent."""
    if person.pk == erased_by.pk:
        raise ApiError(
            gettext("You cannot erase your own account."), fields={"user": [gettext("This is you.")]}
        )
    if person.organisation_id is None or person.organisation_id != erased_by.organisation_id:
        raise ApiError(gettext("Unknown person."), fields={"user": [gettext("Unknown person.")]})
    if (
        person.role == Role.ADMIN
        and not active_people_with_role(organisation_id=person.organisation_id, role=Role.ADMIN)
        .exclude(pk=person.pk)
        .exists()
    ):
        raise ApiError(
            gettext("The last admin cannot be erased."), fields={"user": [gettext("The last admin.")]}
        )
    if confirm_email.strip().lower() != person.email.lower():
        raise ApiError(
            gettext("Type the person's e-mail address to confirm."),
            code="confirmation_mismatch",
            fields={"confirm_email": [gettext("Does not match the person's e-mail address.")]},
        )
    if ErasureRecord.objects.filter(erased_user=person).exists():
        raise ApiError(gettext("This person was already erased."), code="already_erased", status_code=409)
    files: list[str] = []
    with transaction.atomic():
        person = user_locked(pk=person.pk)
        for export in ExportRequest.objects.filter(user=person):
            if export.file:
                files.append(export.file.name)
        ExportRequest.objects.filter(user=person).delete()
        names = []
        for source in registry.sources():
            if source.erase is not None:
                source.erase(person)
                names.append(source.name)
        assert person.organisation_id is not None
        record = ErasureRecord.objects.create(
            organisation_id=person.organisation_id, erased_user=person, erased_by=erased_by, sources=names
        )
        transaction.on_commit(lambda: _delete_stored(files))
    return record


def _delete_stored(names: list[str]) -> None:
    from welkom.privacy.storage import private_storage

    storage = private_storage()
    for name in names:
        storage.delete(name)


# --- Retention ----------------------------------------------------------------------------------


def retention_days(*, organisation_id: int) -> dict[str, int]:
    chosen = dict(
        RetentionRule.objects.filter(organisation_id=organisation_id).values_list("kind", "keep_days")
    )
    return {kind.name: chosen.get(kind.name, kind.default_days) for kind in registry.retention_kinds()}


def retention_set(*, organisation: Organisation, kind: str, keep_days: int) -> RetentionRule:
    if registry.retention_kind(kind) is None:
        raise ApiError(gettext("Unknown kind of data."), code="not_found", status_code=404)
    if keep_days < settings.PRIVACY_MIN_RETENTION_DAYS:
        raise ApiError(
            gettext("Keep data for at least a day."),
            fields={
                "keep_days": [gettext("At least %(limit)s.") % {"limit": settings.PRIVACY_MIN_RETENTION_DAYS}]
            },
        )
    rule, _ = RetentionRule.objects.update_or_create(
        organisation=organisation, kind=kind, defaults={"keep_days": keep_days}
    )
    return rule


def retention_apply(*, now: Any = None) -> dict[str, int]:
    """Purge what every organisation keeps longer than its rules allow (beat job)."""
    now = now or timezone.now()
    totals: dict[str, int] = {}
    for organisation_id in organisation_ids():
        for name, days in retention_days(organisation_id=organisation_id).items():
            kind = registry.retention_kind(name)
            assert kind is not None
            with transaction.atomic():
                purged = kind.purge(organisation_id, now - timedelta(days=days))
            totals[name] = totals.get(name, 0) + purged
    return totals
