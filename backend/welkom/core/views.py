from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every page of the browser app: one HTML shell, routing happens on the client."""
    return render(request, "index.html", {"vite_dev": settings.DJANGO_VITE["default"]["dev_mode"]})
