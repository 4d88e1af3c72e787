"""Pictures of modules, served from the content folder at /content-media/ with safe content types."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from welkom.modules.content import IMAGE_TYPES


@login_required
def content_media(request: HttpRequest, path: str) -> FileResponse:
    """Only pictures (no SVG, no HTML) below content/modules/; everything else is a 404."""
    root = (Path(settings.CONTENT_DIR) / "modules").resolve()
    relative = path.removeprefix("modules/")
    if relative == path:
        raise Http404("Not a module picture.")
    target = (root / relative).resolve()
    content_type = IMAGE_TYPES.get(target.suffix.lower())
    if content_type is None or not target.is_relative_to(root) or not target.is_file():
        raise Http404("No such picture.")
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
