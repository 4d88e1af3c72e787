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


def _plan(scope):  # type: ignore[no-untyped-def]
    """The scope newcomer's language plan, with one planned session."""
    from tests.language.factories import LanguagePlanFactory, StudySessionFactory

    plan = LanguagePlanFactory(profile=scope.profile, created_by=scope.hr)
    StudySessionFactory(plan=plan)
    return plan


def _course(scope):  # type: ignore[no-untyped-def]
    from tests.language.factories import CourseFactory

    return CourseFactory(organisation=scope.organisation)


def _enrolment(scope, caller):  # type: ignore[no-untyped-def]
    from tests.language.factories import EnrolmentFactory

    return {"pk": EnrolmentFactory(course=_course(scope), profile=scope.profile).pk}


def _plan_kwargs(scope, caller):  # type: ignore[no-untyped-def]
    return {"pk": _plan(scope).pk}


OBJECTS = {
    "language-plan-detail": _plan_kwargs,
    "language-plan-replan": _plan_kwargs,
    "language-plan-sessions": _plan_kwargs,
    "language-study-logs": _plan_kwargs,
    "language-level-checks": _plan_kwargs,
    "language-session-detail": lambda scope, caller: {"pk": _plan(scope).sessions.get().pk},
    "language-course-detail": lambda scope, caller: {"pk": _course(scope).pk},
    "language-course-enrolments": lambda scope, caller: {"pk": _course(scope).pk},
    "language-enrolment-detail": _enrolment,
}
# Another team's plan: HR and admin only (a team lead sees the newcomers they lead). Courses belong to
# the organisation, not a team: HR and admin reach every one of them (the default).
OTHER_TEAM: dict[str, set[str]] = {}
