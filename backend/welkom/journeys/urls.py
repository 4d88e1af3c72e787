from django.urls import path

from welkom.journeys import apis

urlpatterns = [
    path("journeys/templates", apis.TemplateListApi.as_view(), name="journey-template-list"),
    path("journeys/newcomers", apis.NewcomerProgressListApi.as_view(), name="journey-newcomer-list"),
    path("journeys/plans", apis.PlanCreateApi.as_view(), name="journey-plan-create"),
    path("journeys/plans/<int:pk>", apis.PlanDetailApi.as_view(), name="journey-plan-detail"),
    path("journeys/plans/<int:pk>/history", apis.PlanHistoryApi.as_view(), name="journey-plan-history"),
    path("journeys/plans/<int:pk>/steps", apis.PlanStepAddApi.as_view(), name="journey-step-add"),
    path("journeys/steps/<int:pk>", apis.StepDetailApi.as_view(), name="journey-step-detail"),
    path("journeys/steps/<int:pk>/skip", apis.StepSkipApi.as_view(), name="journey-step-skip"),
    path("journeys/steps/<int:pk>/done", apis.StepDoneApi.as_view(), name="journey-step-done"),
    path("journeys/my-steps", apis.MyStepsApi.as_view(), name="journey-my-steps"),
    path("journeys/today", apis.TodayApi.as_view(), name="journey-today"),
]
