"""Who may reach each arrivals endpoint: HR and admin of the organisation, nobody else."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "arrival-import-list": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "arrival-import-detail": {"get": {"hr", "admin"}, "delete": {"hr", "admin"}},
    "arrival-import-rows": {"get": {"hr", "admin"}},
    "arrival-import-confirm": {"post": {"hr", "admin"}},
    "arrival-cohort": {"get": {"hr", "admin"}},
}


def _import(scope, caller):  # type: ignore[no-untyped-def]
    """A previewed import of the scope's organisation with one row."""
    from welkom.arrivals.models import ArrivalImport, ArrivalImportRow

    arrival_import = ArrivalImport.objects.create(
        organisation=scope.organisation,
        uploaded_by=scope.hr,
        file_name="arrivals.csv",
        file_kind="csv",
        row_count=1,
        error_row_count=1,
    )
    ArrivalImportRow.objects.create(
        arrival_import=arrival_import,
        number=2,
        values={"email": "x"},
        errors=[{"column": "email", "code": "email_invalid", "params": {"value": "x"}}],
    )
    return {"pk": arrival_import.pk}


OBJECTS = {
    "arrival-import-detail": _import,
    "arrival-import-rows": _import,
    "arrival-import-confirm": _import,
}
OTHER_TEAM: dict[str, set[str]] = {}
