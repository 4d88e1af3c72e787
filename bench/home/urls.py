"""The product's URLs plus ``/bench/bare``: the cheapest JSON answer Django gives a signed-in person
(the whole middleware stack, the session and its user read, no DRF, no query of its own)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as product


def bare(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "not signed in"}, status=401)
    return JsonResponse({"id": request.user.pk})


urlpatterns = [path("bench/bare", bare), *product]
