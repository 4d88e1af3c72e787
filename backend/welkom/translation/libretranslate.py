"""LibreTranslate's HTTP dialect, so existing clients and chat bots work unchanged.

``POST /translate``, ``GET /languages``, ``POST /detect`` and ``GET /frontend/settings`` take
LibreTranslate's parameters and answer in its shapes. Parameters are read as LibreTranslate reads
them: from a JSON body when the request is JSON, otherwise from the query string and then the form
body (so ``POST /translate?q=...&source=en&target=pl`` without a body works, as deep-translator
sends it). Every answer under these paths is JSON; errors are ``{"error": "..."}`` with
LibreTranslate's status codes, also for unknown paths below them, wrong methods and unexpected
failures, whether DEBUG is on or off. As LibreTranslate's own (translated with Babel), the errors are
in the caller's language: the logged-in person's, else the request's Accept-Language (English
without one). External clients pass an organisation's ``api_key`` (the npm
``libretranslate`` package sends it as ``apiKey``, accepted too); the browser app uses its session
(with the CSRF token).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.models import Organisation, User
from welkom.core.authentication import SessionAuthentication
from welkom.core.errors import ApiError, body_error
from welkom.core.parsers import JSONParser, MultiPartParser
from welkom.translation import services
from welkom.translation.serializers import (
    DetectedLanguageSerializer,
    LibreDetectRequestSerializer,
    LibreErrorSerializer,
    LibreFrontendSettingsSerializer,
    LibreLanguageSerializer,
    LibreTranslateRequestSerializer,
    LibreTranslateResponseSerializer,
)

ERRORS = {
    400: LibreErrorSerializer,
    403: LibreErrorSerializer,
    429: LibreErrorSerializer,
    503: LibreErrorSerializer,
}


logger = logging.getLogger(__name__)

DEMO_WARNING = gettext_noop("Demo language package: this output is random. Install real language packages.")


class BadRequest(services.TranslationError):
    pass


class _SessionUser(SessionAuthentication):
    """The logged-in person, if any; CSRF is checked in caller() once it is clear no key is used."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return (user, None)
        return None


class LibreTranslateView(APIView):
    authentication_classes = [_SessionUser]  # or an API key: see caller()
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[Any, str]:
        # Always JSON. DRF would otherwise read LibreTranslate's own ``format`` parameter (text or
        # html) in the query string as a choice of renderer and answer 404.
        return (JSONRenderer(), JSONRenderer.media_type)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.TranslationError):
            return Response({"error": exc.message}, status=exc.status_code)
        refused = body_error(exc)
        if refused is not None:
            return Response({"error": refused[2]}, status=refused[0])
        if isinstance(exc, ApiError):  # e.g. an attached file over the limit (413)
            return Response({"error": str(exc.detail)}, status=exc.status_code)
        if isinstance(exc, exceptions.ParseError):
            return Response(
                {"error": gettext("Invalid request: the body is not valid JSON or form data.")}, status=400
            )
        if isinstance(exc, exceptions.PermissionDenied):  # CSRF
            return Response(
                {"error": gettext("Your session's security token is missing. Reload the page.")}, status=403
            )
        if isinstance(exc, Http404):
            return Response({"error": "Not Found"}, status=404)
        if isinstance(exc, exceptions.APIException):  # wrong method, media type, throttled, ...
            response = super().handle_exception(exc)
            response.data = {"error": str(getattr(exc, "detail", gettext("Invalid request.")))}
            return response
        # Anything else is a fault of ours: logged with its trace, answered in LibreTranslate's shape
        # (never Django's HTML page, also with DEBUG on).
        logger.exception("LibreTranslate endpoint failed: %s", self.request.path)
        return Response({"error": gettext("The server could not handle this request.")}, status=500)

    def _is_json(self) -> bool:
        return (self.request.content_type or "").split(";")[0].strip().lower() == "application/json"

    def param(self, name: str) -> Any:
        """A parameter as LibreTranslate reads it: from the JSON object when the body is JSON,
        otherwise from the query string first and then the form body."""
        if self._is_json():
            data = self.request.data
            if not isinstance(data, dict):
                raise BadRequest(gettext("Invalid request: the JSON body must be an object"))
            return data.get(name)
        values = self.request.query_params.getlist(name)
        form = self.request.data
        if not values and hasattr(form, "getlist"):
            values = form.getlist(name)
        if not values:
            return None
        return values if name == "q" and len(values) > 1 else values[0]

    def caller(self) -> Organisation:
        """The organisation asking: from the API key, or the logged-in person's (CSRF checked)."""
        raw = self.param("api_key") or self.param("apiKey")
        if raw:
            if not isinstance(raw, str):
                raise services.InvalidApiKey(gettext("Invalid API key."))
            return services.api_key_authenticate(raw=raw).organisation
        user = self.request.user
        if isinstance(user, User) and user.organisation is not None:
            if self.request.method not in ("GET", "HEAD", "OPTIONS"):
                SessionAuthentication().enforce_csrf(self.request)
            return user.organisation
        raise services.InvalidApiKey(gettext("An API key is required: pass api_key, or log in to Welkom."))

    def required(self, name: str) -> Any:
        value = self.param(name)
        if value is None or value == "" or value == []:
            raise BadRequest(gettext("Invalid request: missing %(name)s parameter") % {"name": name})
        return value


class TranslateApi(LibreTranslateView):
    @extend_schema(
        request=LibreTranslateRequestSerializer,
        responses={200: LibreTranslateResponseSerializer, **ERRORS},
        operation_id="libretranslate_translate",
    )
    def post(self, request: Request) -> Response:
        organisation = self.caller()
        q = self.required("q")
        source = self.required("source")
        target = self.required("target")
        batch = isinstance(q, list)
        texts = q if batch else [q]
        if not all(isinstance(text, str) for text in texts):
            raise BadRequest(gettext("Invalid request: q must be a text or a list of texts"))
        text_format = self.param("format") or "text"
        if text_format not in ("text", "html"):
            raise BadRequest(gettext("Invalid request: format must be text or html"))
        raw_alternatives = self.param("alternatives") or 0
        try:
            alternatives = int(raw_alternatives)
        except (TypeError, ValueError):
            raise BadRequest(gettext("Invalid request: alternatives must be a number")) from None
        if not 0 <= alternatives <= 3:
            raise BadRequest(gettext("Invalid request: alternatives must be between 0 and 3"))
        results = services.translate_texts(
            organisation=organisation,
            texts=texts,
            source=str(source).lower(),
            target=str(target).lower(),
            html=text_format == "html",
            alternatives=alternatives,
        )

        def detected(result: services.Result) -> dict[str, Any]:
            assert result.detected is not None
            return {"confidence": result.detected.confidence, "language": result.detected.language}

        body: dict[str, Any] = {"translatedText": [r.text for r in results] if batch else results[0].text}
        if source == "auto":
            body["detectedLanguage"] = [detected(r) for r in results] if batch else detected(results[0])
        if alternatives:
            body["alternatives"] = [r.alternatives for r in results] if batch else results[0].alternatives
        if any(result.demo for result in results):  # never passed off as a translation
            body["demo"] = True
            body["warning"] = gettext(DEMO_WARNING)
        return Response(body)


class DetectApi(LibreTranslateView):
    @extend_schema(
        request=LibreDetectRequestSerializer,
        responses={200: DetectedLanguageSerializer(many=True), **ERRORS},
        operation_id="libretranslate_detect",
    )
    def post(self, request: Request) -> Response:
        self.caller()
        q = self.required("q")
        if not isinstance(q, str):
            raise BadRequest(gettext("Invalid request: q must be a text"))
        services.check_limits([q])
        found = services.detect_languages(text=q)
        return Response([{"confidence": item.confidence, "language": item.language} for item in found])


class LanguagesApi(LibreTranslateView):
    @extend_schema(
        responses={200: LibreLanguageSerializer(many=True)}, operation_id="libretranslate_languages"
    )
    def get(self, request: Request) -> Response:
        return Response(
            [
                {"code": code, "name": name, "targets": targets}
                for code, (name, targets) in services.supported_languages().items()
            ]
        )


class FrontendSettingsApi(LibreTranslateView):
    @extend_schema(
        responses={200: LibreFrontendSettingsSerializer}, operation_id="libretranslate_frontend_settings"
    )
    def get(self, request: Request) -> Response:
        languages = services.supported_languages()
        target = "en" if "en" in languages else next(iter(languages), "en")
        return Response(
            {
                "charLimit": settings.TRANSLATION_CHAR_LIMIT,
                "batchLimit": settings.TRANSLATION_BATCH_LIMIT,
                "frontendTimeout": 500,
                "apiKeys": True,
                "keyRequired": True,
                "suggestions": False,
                "filesTranslation": False,
                "supportedFilesFormat": [],
                "language": {
                    "source": {"code": "auto", "name": "Auto Detect"},
                    "target": {"code": target, "name": languages.get(target, (target, []))[0]},
                },
            }
        )


class FilesDisabledApi(LibreTranslateView):
    """``/translate_file``: Welkom translates texts only, and says so as LibreTranslate does when
    file translation is turned off (``filesTranslation: false`` in /frontend/settings)."""

    @extend_schema(
        request=None, responses={403: LibreErrorSerializer}, operation_id="libretranslate_translate_file"
    )
    def post(self, request: Request) -> Response:
        return Response({"error": gettext("Files translation are disabled on this server.")}, status=403)


class SuggestionsDisabledApi(LibreTranslateView):
    """``/suggest``: suggestions go to the organisation's translation memory in Welkom's own screens."""

    @extend_schema(request=None, responses={403: LibreErrorSerializer}, operation_id="libretranslate_suggest")
    def post(self, request: Request) -> Response:
        return Response({"error": gettext("Suggestions are disabled on this server.")}, status=403)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under LibreTranslate's: JSON, as LibreTranslate answers, never the app page."""
    return JsonResponse({"error": "Not Found"}, status=404)
