from django.urls import path

from welkom.newcomers import apis

urlpatterns = [
    path("newcomers", apis.ProfileListApi.as_view(), name="newcomer-list"),
    path("newcomers/me", apis.MyProfileApi.as_view(), name="newcomer-me"),
    path("newcomers/<int:pk>", apis.ProfileDetailApi.as_view(), name="newcomer-detail"),
    path("newcomers/<int:pk>/history", apis.ProfileHistoryApi.as_view(), name="newcomer-history"),
]
