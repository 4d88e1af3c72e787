"""Who may reach each language endpoint. Reading a plan also needs the plan to be in sight: the
newcomer's own, a team lead's own newcomers, every plan of the organisation for HR and admin."""

PUBLIC = {"language-calendar-file"}  # the secret token in the address is the login
ENDPOINTS = {
    "language-hours": {"get": {"hr", "admin"}, "put": {"hr", "admin"}},
    "language-plan-list": {"get": {"hr", "admin", "team_lead"}, "post": {"hr", "admin"}},
    "language-plan-preview": {"post": {"hr", "admin"}},
    "language-plan-detail": {"get": {"hr", "admin", "team_lead", "newcomer"}, "delete": {"hr", "admin"}},
    "language-plan-replan": {"post": {"hr", "admin"}},
    "language-plan-sessions": {"get": {"hr", "admin", "team_lead", "newcomer"}},
    "language-study-logs": {
        "get": {"hr", "admin", "team_lead", "newcomer"},
        "post": {"hr", "admin", "newcomer"},
    },
    "language-level-checks": {"get": {"hr", "admin", "team_lead", "newcomer"}, "post": {"hr", "admin"}},
    "language-session-detail": {"patch": {"hr", "admin", "newcomer"}},
    "language-me": {"get": {"newcomer"}},
    "language-calendar": {"get": {"newcomer"}, "post": {"newcomer"}, "delete": {"newcomer"}},
    "language-course-list": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "language-course-detail": {"get": {"hr", "admin"}, "patch": {"hr", "admin"}},
    "language-course-enrolments": {"get": {"hr", "admin"}, "post": {"hr", "admin"}},
    "language-enrolment-detail": {"delete": {"hr", "admin"}},
}
