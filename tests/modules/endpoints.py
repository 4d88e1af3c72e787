PUBLIC: set[str] = set()
_HR = {"hr", "admin"}
ENDPOINTS = {
    "module-list": {"get": "all"},
    "module-detail": {"get": "all"},
    "module-progress": {"post": "all"},
    "module-complete": {"post": "all"},
    "module-quiz-answer": {"post": "all"},
    "module-report-newcomers": {"get": _HR},
    "module-report-newcomer": {"get": _HR},
    "module-report-modules": {"get": _HR},
    "module-report-questions": {"get": _HR},
}
