"""Writes for arrival imports: check a file (the preview), confirm it, and run it.

Running an import is one transaction over every row: the newcomer's profile and invitation
(``newcomers.services.profile_create``, which also makes their checklists), and their journey plan
(``journeys.services.plan_create``). A row that fails rolls everything back, and the invitation
e-mails go out only when the whole import has been committed (``invitation_create`` queues them
with ``transaction.on_commit``).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from welkom.accounts.models import User
from welkom.accounts.selectors import emails_in_organisation, teams_of
from welkom.arrivals import files, rows
from welkom.arrivals.messages import FILE_MESSAGES, RUN_MESSAGES, render_for
from welkom.arrivals.models import ArrivalImport, ArrivalImportRow, FileKind, ImportStatus
from welkom.audit.models import Action
from welkom.audit.services import audit_record_many
from welkom.core.errors import ApiError
from welkom.core.uploads import megabytes_text
from welkom.journeys.selectors import templates_available
from welkom.journeys.services import plan_create
from welkom.newcomers.services import profile_create
from welkom.translation.languages import installed_codes, iso_639_1

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10  # rows between two progress notes


class RowFailed(Exception):
    def __init__(self, number: int, code: str, **params: Any) -> None:
        super().__init__(f"row {number}: {code}")
        self.number = number
        self.code = code
        self.params = params


def progress_key(arrival_import: ArrivalImport) -> str:
    return f"welkom:arrivals:progress:{arrival_import.key}"


def refusal(user: User, code: str) -> ApiError:
    """A whole-file refusal for the view (the upload stopped before the service saw it)."""
    limit = megabytes_text(settings.ARRIVALS_IMPORT_MAX_BYTES)
    return _refuse(user, files.FileRefused(code, limit=limit))


def _refuse(user: User, refused: files.FileRefused) -> ApiError:
    detail = render_for(user, FILE_MESSAGES, refused.code, refused.params)
    return ApiError(detail, code=f"arrivals_{refused.code}", fields={"file": [detail]})


def _context(organisation_id: int, *, default_route: str, today: date) -> rows.Context:
    teams = {
        name.casefold(): pk
        for pk, name in teams_of(organisation_id=organisation_id).values_list("pk", "name")
    }
    routes = list(templates_available().values_list("slug", flat=True))
    return rows.Context(
        teams=teams,
        routes=routes,
        existing_emails=set(),
        languages=iso_639_1() | installed_codes(),
        today=today,
        default_route=default_route,
    )


def _read_upload(upload: UploadedFile) -> bytes:
    limit = settings.ARRIVALS_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise files.FileRefused("file_too_large", limit=megabytes_text(limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise files.FileRefused("file_too_large", limit=megabytes_text(limit))
    return data


@transaction.atomic
def import_preview_create(
    *,
    uploaded_by: User,
    upload: UploadedFile,
    encoding: str = "",
    default_route: str = "",
    today: date | None = None,
) -> ArrivalImport:
    """Read and check the file; store its rows with their errors. Nothing else is written."""
    organisation_id = uploaded_by.organisation_id
    assert organisation_id is not None
    today = today or timezone.localdate()
    default_route = default_route.strip().casefold()
    try:
        context = _context(organisation_id, default_route=default_route, today=today)
        if default_route and default_route not in context.routes:
            raise files.FileRefused("route_unknown", value=default_route)
        sheet = files.read(_read_upload(upload), encoding=encoding.strip())
        checked = rows.check(sheet, context)
    except files.FileRefused as refused:
        raise _refuse(uploaded_by, refused) from refused

    # Duplicates already in Welkom: only this organisation's people are looked at, so the preview
    # never tells HR anything about another organisation's accounts.
    emails = {row.email for row in checked.rows if row.email}
    existing = emails_in_organisation(organisation_id=organisation_id, emails=emails)
    for row in checked.rows:
        if row.email in existing:
            row.error("email", "email_exists")

    arrival_import = ArrivalImport.objects.create(
        organisation_id=organisation_id,
        uploaded_by=uploaded_by,
        file_name=(upload.name or "arrivals")[:255],
        file_kind=FileKind.XLSX if sheet.kind == "xlsx" else FileKind.CSV,
        encoding=sheet.encoding,
        columns=checked.columns,
        ignored_columns=checked.ignored,
        default_route=default_route,
        row_count=len(checked.rows),
        error_row_count=sum(1 for row in checked.rows if row.errors),
    )
    ArrivalImportRow.objects.bulk_create(
        ArrivalImportRow(
            arrival_import=arrival_import,
            number=row.number,
            values=row.values,
            data=row.data,
            email=row.email,
            errors=row.errors,
        )
        for row in checked.rows
    )
    return arrival_import


def import_confirm(
    *, arrival_import: ArrivalImport, confirmed_by: User, skip_invalid: bool = False
) -> ArrivalImport:
    """HR confirms the preview. Small imports run at once; larger ones in a Celery task whose
    progress the screen polls. Confirming an import that is queued or running queues it again
    (a lost message, a dead worker): the run itself makes a second run a no-op."""
    from welkom.arrivals.tasks import arrival_import_run

    with transaction.atomic():
        locked = ArrivalImport.objects.select_for_update().get(pk=arrival_import.pk)
        if locked.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            import_id = locked.pk
            transaction.on_commit(lambda: arrival_import_run.delay(import_id))
            return locked
        if locked.status != ImportStatus.PREVIEW:
            raise ApiError(
                render_for(confirmed_by, RUN_MESSAGES, "not_in_preview"),
                code="arrivals_not_in_preview",
                status_code=409,
            )
        valid = locked.row_count - locked.error_row_count
        if locked.error_row_count and not skip_invalid:
            detail = render_for(confirmed_by, RUN_MESSAGES, "has_errors", {"count": locked.error_row_count})
            raise ApiError(detail, code="arrivals_has_errors", fields={"skip_invalid": [detail]})
        if valid == 0:
            detail = render_for(confirmed_by, RUN_MESSAGES, "nothing_to_import")
            raise ApiError(detail, code="arrivals_nothing_to_import")
        locked.status = ImportStatus.QUEUED
        locked.skip_invalid = skip_invalid
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = confirmed_by
        locked.save(update_fields=["status", "skip_invalid", "confirmed_at", "confirmed_by"])
        inline = valid <= settings.ARRIVALS_IMPORT_INLINE_ROWS
        if not inline:
            import_id = locked.pk
            transaction.on_commit(lambda: arrival_import_run.delay(import_id))
    if inline:
        import_run(import_id=locked.pk)
        locked.refresh_from_db()
    return locked


def import_run(*, import_id: int) -> ArrivalImport | None:
    """Write every row of a confirmed import in one transaction. Safe to call twice: the import row,
    locked for the whole run, says whether the work is done."""
    with transaction.atomic():
        arrival_import = ArrivalImport.objects.select_for_update().filter(pk=import_id).first()
        if arrival_import is None or arrival_import.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return arrival_import
        arrival_import.status = ImportStatus.RUNNING
        arrival_import.save(update_fields=["status"])
    key = progress_key(arrival_import)
    try:
        with transaction.atomic():
            arrival_import = ArrivalImport.objects.select_for_update().get(pk=import_id)
            if arrival_import.status != ImportStatus.RUNNING:  # another run finished it meanwhile
                return arrival_import
            created = _write_rows(arrival_import)
            arrival_import.status = ImportStatus.DONE
            arrival_import.created_count = created
            arrival_import.finished_at = timezone.now()
            arrival_import.save(update_fields=["status", "created_count", "finished_at"])
    except RowFailed as failure:
        _fail(import_id, {"row": failure.number, "code": failure.code, "params": failure.params})
    except Exception:
        logger.exception("Arrival import %s failed", import_id)
        _fail(import_id, {"row": None, "code": "crashed", "params": {}})
    finally:
        cache.delete(key)
    return ArrivalImport.objects.get(pk=import_id)


def _fail(import_id: int, error: dict[str, Any]) -> None:
    ArrivalImport.objects.filter(pk=import_id).update(
        status=ImportStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _row_failure(number: int, exc: ApiError) -> RowFailed:
    if exc.code == "already_registered":
        # The address belongs to an account of another organisation; say nothing about that.
        return RowFailed(number, "row_not_invitable")
    if exc.code == "already_exists" or "email" in exc.fields:
        return RowFailed(number, "row_exists")
    return RowFailed(number, "row_invalid", fields=", ".join(sorted(exc.fields)) or exc.code)


def _write_rows(arrival_import: ArrivalImport) -> int:
    actor = arrival_import.confirmed_by or arrival_import.uploaded_by
    assert actor is not None
    import_rows = list(arrival_import.rows.order_by("number"))
    if arrival_import.skip_invalid:
        import_rows = [row for row in import_rows if not row.errors]
    elif any(row.errors for row in import_rows):
        first = next(row for row in import_rows if row.errors)
        raise RowFailed(first.number, "row_invalid", fields=first.errors[0]["column"])
    teams = (
        teams_of(organisation_id=arrival_import.organisation_id)
        .select_related("lead")
        .in_bulk({row.data["team"] for row in import_rows if row.data.get("team")})
    )
    templates = {t.slug: t for t in templates_available()}
    # Someone added by hand (or by another import) since the preview is not merged into: the row fails.
    existing = emails_in_organisation(
        organisation_id=arrival_import.organisation_id, emails=[row.email for row in import_rows]
    )
    key = progress_key(arrival_import)
    audit: list[tuple[User | int, str, object]] = []
    for done, row in enumerate(import_rows, start=1):
        if row.email in existing:
            raise RowFailed(row.number, "row_exists")
        data = dict(row.data)
        email, full_name = data.pop("email"), data.pop("full_name")
        route = data.pop("route")
        team_id = data.pop("team", None)
        team = teams.get(team_id) if team_id else None
        if team_id and team is None:
            raise RowFailed(row.number, "row_invalid", fields="team")
        template = templates.get(route)
        if template is None:
            raise RowFailed(row.number, "row_invalid", fields="route")
        for name in ("arrival_on", "first_day_on"):
            if data.get(name):
                data[name] = date.fromisoformat(data[name])
        try:
            profile = profile_create(created_by=actor, email=email, full_name=full_name, team=team, **data)
            plan_create(profile=profile, template=template, created_by=actor)
        except ApiError as exc:
            raise _row_failure(row.number, exc) from exc
        row.profile = profile
        audit.append((profile.user_id, "newcomer_profile", profile.pk))
        if done % PROGRESS_EVERY == 0:
            cache.set(key, done, timeout=3600)
    ArrivalImportRow.objects.bulk_update(import_rows, ["profile"], batch_size=500)
    audit_record_many(actor=actor, action=Action.CREATED, entries=audit)
    return len(import_rows)


def import_progress(arrival_import: ArrivalImport) -> int:
    """Rows written so far: from the cache while the run's transaction is open (its rows are not
    visible to anyone else until it commits)."""
    if arrival_import.status == ImportStatus.DONE:
        return arrival_import.created_count
    if arrival_import.status == ImportStatus.RUNNING:
        return int(cache.get(progress_key(arrival_import)) or 0)
    return 0


def import_discard(*, arrival_import: ArrivalImport, by: User) -> None:
    """HR throws a preview away (nothing was imported from it)."""
    if arrival_import.status != ImportStatus.PREVIEW:
        detail = render_for(by, RUN_MESSAGES, "not_in_preview")
        raise ApiError(detail, code="arrivals_not_in_preview", status_code=409)
    arrival_import.delete()
