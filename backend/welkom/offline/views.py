"""The service worker and the web app manifest, served from the site root.

Vite builds them into the static folder, but a service worker only controls pages under the path
it is served from, so /static/sw.js could not work offline for /. Django serves both at the root.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def _built_file(name: str) -> Path:
    found = finders.find(name)
    candidates = [Path(found)] if isinstance(found, str) else []
    candidates.append(Path(settings.STATIC_ROOT) / name)
    for path in candidates:
        if path.is_file():
            return path
    raise Http404(f"{name} is not built; run 'npm run build' in frontend/")


@require_safe
@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponseBase:
    response = FileResponse(_built_file("sw.js").open("rb"), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
@cache_control(max_age=3600)
def web_manifest(request: HttpRequest) -> HttpResponseBase:
    path = _built_file("manifest.webmanifest")
    return FileResponse(path.open("rb"), content_type="application/manifest+json")
