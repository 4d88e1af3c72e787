"""Serving personal files (exports now; checklist documents later) safely.

Call from a view *after* the permission check and an audit_record(...):

    return private_file_response(document.file, filename=document.original_name,
                                 content_type=document.content_type)

The file is always a download (never rendered inline in our origin), only known-safe content
types pass through (anything else is application/octet-stream), and shared proxies never cache it.
"""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse

SAFE_CONTENT_TYPES = {
    "application/pdf",
    "application/zip",
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "text/plain",
}


def safe_content_type(content_type: str | None) -> str:
    value = (content_type or "").split(";")[0].strip().lower()
    return value if value in SAFE_CONTENT_TYPES else "application/octet-stream"


def private_file_response(file: File, *, filename: str, content_type: str | None) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=safe_content_type(content_type)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
