"""Files with personal data (exports, spoken audio) are kept in the ``private`` store (a folder,
``PRIVATE_STORAGE_ROOT``, or the object storage: docs/scaling.md) and are only served through
permission-checked views."""

from welkom.core.storage import RoutedStorage
from welkom.core.storage import private_storage as _private


def private_storage() -> RoutedStorage:
    return _private()
