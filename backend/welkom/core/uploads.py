"""Uploads that stop at their endpoint's limit instead of being written to disk in full first.

Django reads a multipart body as soon as anything looks at ``request.POST`` / ``request.FILES`` (for
DRF, already while checking CSRF) and writes files bigger than 2.5 MB to a temporary file. This
handler runs first in ``FILE_UPLOAD_HANDLERS``: when the Content-Length alone is over the limit it
reads nothing, and otherwise it stops reading as soon as the files' bytes pass it (the partial
temporary file is removed). It marks the request, and the API's multipart parser
(welkom.core.parsers) answers 413.

The limit is ``request.upload_max_bytes`` when the view sets one (``UploadLimitMixin``), otherwise
DATA_UPLOAD_MAX_MEMORY_SIZE: an endpoint that expects no file takes none bigger than the form data
Django already accepts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils import formats
from django.utils.datastructures import MultiValueDict

# Room in the body for the multipart boundaries, part headers and small form fields.
MULTIPART_SLACK = 64 * 1024
REFUSED_ATTRIBUTE = "upload_refused"


def megabytes_text(size: int) -> str:
    """An upload limit in megabytes as the active language writes it: "4", "2.5" in English and
    "2,5" in Dutch (not "2", which "%.0f" or whole-megabyte division made of Django's 2.5 MB
    default), "0.5"."""
    megabytes = size / (1024 * 1024)
    return formats.number_format(megabytes, 0 if megabytes.is_integer() else 1)


def upload_limit(request: HttpRequest | None) -> int:
    default = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    return int(getattr(request, "upload_max_bytes", default))


def upload_refused(request: HttpRequest | None) -> dict[str, Any] | None:
    """``{"limit": bytes, "field": name or ""}`` when the upload of this request was cut off."""
    return getattr(request, REFUSED_ATTRIBUTE, None)


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def _refuse(self, field: str = "") -> None:
        setattr(self.request, REFUSED_ATTRIBUTE, {"limit": upload_limit(self.request), "field": field})

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: str | None = None
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        if content_length > upload_limit(self.request) + MULTIPART_SLACK:
            self._refuse()
            return QueryDict(encoding=encoding), MultiValueDict()  # parsed: nothing, nothing read
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > upload_limit(self.request):
            self._refuse(self.field_name or "")
            raise StopUpload(connection_reset=True)  # read no further; Django closes the files
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) holds the file


class UploadLimitMixin:
    """For an API view that accepts a file: ``upload_max_bytes`` (or ``get_upload_max_bytes``)
    replaces the default limit. Set before DRF wraps the request, so that it also applies when
    authentication parses the body for its CSRF check."""

    upload_max_bytes: int = 0

    def get_upload_max_bytes(self) -> int:
        return self.upload_max_bytes

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        request.upload_max_bytes = self.get_upload_max_bytes()  # type: ignore[attr-defined]
        return super().initialize_request(request, *args, **kwargs)  # type: ignore[misc]
