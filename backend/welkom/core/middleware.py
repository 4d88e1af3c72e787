"""The language of every answer: the logged-in person's (``person_language``), else what the browser
asks for (``Accept-Language``, settled by Django's LocaleMiddleware before this one runs)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from welkom.core.language import person_language


class PersonLanguageMiddleware:
    """After AuthenticationMiddleware: API error details, validation messages and every other
    server text in a response are written in the language of the person asking."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = person_language(user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
