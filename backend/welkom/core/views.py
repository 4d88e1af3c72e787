from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every page of the browser app: one HTML shell, routing happens on the client."""
    language = getattr(request.user, "language", "")
    return render(
        request,
        "index.html",
        {
            "vite_dev": settings.DJANGO_VITE["default"]["dev_mode"],
            "text_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
        },
    )
