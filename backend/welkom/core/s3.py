"""The S3 backend of :mod:`welkom.core.storage`, imported only when ``WELKOM_STORAGE=s3`` (boto3 is
not loaded otherwise)."""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

from welkom.core.storage import NoPublicUrl


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend that never hands out a URL, not even a signed one: every download
    goes through Welkom's permission-checked views (docs/scaling.md says why)."""

    def url(
        self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None
    ) -> str:
        raise NoPublicUrl(name)
