from django.urls import path

from welkom.language import apis

urlpatterns = [
    path("language/hours", apis.StepHoursApi.as_view(), name="language-hours"),
    path("language/plans", apis.PlanListApi.as_view(), name="language-plan-list"),
    path("language/plans/preview", apis.PlanPreviewApi.as_view(), name="language-plan-preview"),
    path("language/plans/<int:pk>", apis.PlanDetailApi.as_view(), name="language-plan-detail"),
    path("language/plans/<int:pk>/replan", apis.PlanReplanApi.as_view(), name="language-plan-replan"),
    path("language/plans/<int:pk>/sessions", apis.PlanSessionsApi.as_view(), name="language-plan-sessions"),
    path("language/plans/<int:pk>/study-logs", apis.StudyLogListApi.as_view(), name="language-study-logs"),
    path(
        "language/plans/<int:pk>/level-checks", apis.LevelCheckListApi.as_view(), name="language-level-checks"
    ),
    path("language/sessions/<int:pk>", apis.SessionDetailApi.as_view(), name="language-session-detail"),
    path("language/me", apis.MyLanguageApi.as_view(), name="language-me"),
    path("language/calendar", apis.CalendarFeedApi.as_view(), name="language-calendar"),
    path(
        "language/calendar/<int:user_id>/<str:token>.ics",
        apis.CalendarFileApi.as_view(),
        name="language-calendar-file",
    ),
    path("language/courses", apis.CourseListApi.as_view(), name="language-course-list"),
    path("language/courses/<int:pk>", apis.CourseDetailApi.as_view(), name="language-course-detail"),
    path(
        "language/courses/<int:pk>/enrolments",
        apis.CourseEnrolmentsApi.as_view(),
        name="language-course-enrolments",
    ),
    path("language/enrolments/<int:pk>", apis.EnrolmentDetailApi.as_view(), name="language-enrolment-detail"),
]
