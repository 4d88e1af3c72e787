"""Files with personal data (exports, later documents) live outside the web root and are only
served through permission-checked views."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class _PrivateStorage(FileSystemStorage):
    """``PRIVATE_STORAGE_ROOT``, read on every use (a restore or a test may point it elsewhere)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_STORAGE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return _PrivateStorage(base_url=None)
