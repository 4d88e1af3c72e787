PUBLIC: set[str] = set()
ENDPOINTS = {
    "privacy-export-list": {"get": "all", "post": "all"},
    "privacy-export-detail": {"get": "all"},
    "privacy-export-download": {"get": "all"},
    "privacy-erasure-list": {"get": {"admin"}, "post": {"admin"}},
    "privacy-retention-list": {"get": {"hr", "admin"}},
    "privacy-retention-detail": {"patch": {"admin"}},
}


def _export(scope, caller):  # type: ignore[no-untyped-def]
    """The caller's own export in their own scope; someone else's export elsewhere."""
    from welkom.privacy.models import ExportRequest

    owner = caller if scope.name == "own" else scope.newcomer
    export = ExportRequest.objects.create(organisation_id=owner.organisation_id, user=owner)
    return {"pk": export.pk}


OBJECTS = {
    "privacy-export-detail": _export,
    "privacy-export-download": _export,
    # Not an object of a team or organisation: only the "own" scope applies (None skips the others).
    "privacy-retention-detail": lambda scope, caller: {"kind": "audit_log"} if scope.name == "own" else None,
}
# An export is its owner's only: nobody reaches another person's export, whatever their role.
OTHER_TEAM = {"privacy-export-detail": set(), "privacy-export-download": set()}
