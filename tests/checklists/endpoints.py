"""Who may reach each checklist endpoint (see tests/checklists/test_permissions.py)."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "checklist-list": {"get": {"newcomer", "hr", "admin"}},
    "checklist-upcoming": {"get": {"newcomer"}},
    "checklist-changes": {"get": {"newcomer", "hr", "admin"}},
    "checklist-municipality": {"get": {"newcomer", "hr", "admin"}},
    "checklist-board": {"get": {"hr", "admin"}},
    "checklist-board-export": {"get": {"hr", "admin"}},
    "checklist-item-detail": {"get": {"newcomer", "hr", "admin"}, "patch": {"newcomer", "hr"}},
    "checklist-item-documents": {"get": {"newcomer", "hr"}, "post": {"newcomer", "hr"}},
    "checklist-document-detail": {"get": {"newcomer", "hr"}, "delete": {"newcomer", "hr"}},
}
