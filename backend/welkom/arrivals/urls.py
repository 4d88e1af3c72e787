from django.urls import path

from welkom.arrivals import apis

urlpatterns = [
    path("arrivals/imports", apis.ImportListApi.as_view(), name="arrival-import-list"),
    path("arrivals/imports/<int:pk>", apis.ImportDetailApi.as_view(), name="arrival-import-detail"),
    path("arrivals/imports/<int:pk>/rows", apis.ImportRowsApi.as_view(), name="arrival-import-rows"),
    path("arrivals/imports/<int:pk>/confirm", apis.ImportConfirmApi.as_view(), name="arrival-import-confirm"),
    path("arrivals/cohort", apis.CohortApi.as_view(), name="arrival-cohort"),
]
