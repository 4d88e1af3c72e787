from typing import Any

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from welkom.core.errors import error_body
from welkom.core.views import spa
from welkom.modules.views import content_media
from welkom.offline.views import service_worker, web_manifest


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse(error_body("not_found", "There is no API endpoint at this address."), status=404)


handler400 = "welkom.core.errors.bad_request"
handler500 = "welkom.core.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("welkom.api.urls")),
    path("", include("welkom.translation.libretranslate_urls")),  # LibreTranslate's paths
    re_path(r"^api/.*$", api_not_found),
    path("sw.js", service_worker, name="service-worker"),
    path("manifest.webmanifest", web_manifest, name="web-manifest"),
    path("content-media/<path:path>", content_media, name="content-media"),
    re_path(r"^(?!static/|admin/|api/|content-media/)(?P<path>.*)$", spa, name="spa"),
]
