from django.urls import path

from welkom.modules import apis

urlpatterns = [
    path("modules", apis.ModuleListApi.as_view(), name="module-list"),
    path("modules/reports/newcomers", apis.NewcomerCompletionApi.as_view(), name="module-report-newcomers"),
    path(
        "modules/reports/newcomers/<int:pk>",
        apis.NewcomerProgressApi.as_view(),
        name="module-report-newcomer",
    ),
    path("modules/reports/modules", apis.ModuleCompletionApi.as_view(), name="module-report-modules"),
    path("modules/reports/questions", apis.MissedQuestionsApi.as_view(), name="module-report-questions"),
    path("modules/<slug:slug>", apis.ModuleDetailApi.as_view(), name="module-detail"),
    path("modules/<slug:slug>/progress", apis.ModuleProgressApi.as_view(), name="module-progress"),
    path("modules/<slug:slug>/complete", apis.ModuleCompleteApi.as_view(), name="module-complete"),
    path("modules/<slug:slug>/quiz/<slug:key>", apis.QuizAnswerApi.as_view(), name="module-quiz-answer"),
]
