from django.urls import path

from welkom.terms import apis

urlpatterns = [
    path("terms", apis.TermListApi.as_view(), name="term-list"),
]
