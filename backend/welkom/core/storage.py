"""Where the files a person or a job writes are kept (docs/scaling.md).

Three stores, each a Django storage alias in ``settings.STORAGES``:

- ``documents``: checklist documents people upload;
- ``private``: data exports and the server's spoken audio;
- ``packages``: the archives of installed language packages (one store for every translation worker).

``WELKOM_STORAGE=local`` (the embedded default) keeps them in folders under ``var/``;
``WELKOM_STORAGE=s3`` keeps them in one S3-compatible bucket (AWS S3, MinIO, Ceph …) through
django-storages, each store under a prefix of its own. Either way the files are private: no store
gives out a URL, and people download through Welkom's own permission-checked views.

Model fields point at a :class:`RoutedStorage`, which looks the alias up in ``settings.STORAGES`` on
every use: a field's storage is made once, when its model class is, and the configuration may change
after that (tests, a restore drill).
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages

LOCAL = "local"
S3 = "s3"
KINDS = (LOCAL, S3)
ALIASES = ("documents", "private", "packages")


class NoPublicUrl(NotImplementedError):
    """Private files have no URL of their own: they go out through a permission-checked view."""


class SettingFolderStorage(FileSystemStorage):
    """A folder named by a setting (plus an optional subfolder), read on every use."""

    def __init__(self, *, setting: str, subfolder: str = "", **kwargs: Any) -> None:
        self._setting = setting
        self._subfolder = subfolder
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self) -> str:
        folder = str(getattr(settings, self._setting))
        return os.path.join(folder, self._subfolder) if self._subfolder else folder

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NoPublicUrl(name)


def storages_setting(
    *,
    kind: str,
    bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    addressing_style: str = "",
) -> dict[str, dict[str, Any]]:
    """``settings.STORAGES`` for ``kind`` (``local`` or ``s3``), without the static files' entry."""
    if kind == LOCAL:
        return {
            "documents": {
                "BACKEND": "welkom.core.storage.SettingFolderStorage",
                "OPTIONS": {"setting": "MEDIA_ROOT", "subfolder": "checklist-documents"},
            },
            "private": {
                "BACKEND": "welkom.core.storage.SettingFolderStorage",
                "OPTIONS": {"setting": "PRIVATE_STORAGE_ROOT"},
            },
            "packages": {
                "BACKEND": "welkom.core.storage.SettingFolderStorage",
                "OPTIONS": {"setting": "TRANSLATION_PACKAGE_STORE_DIR"},
            },
        }
    if kind != S3:
        raise ValueError(f"WELKOM_STORAGE must be one of {', '.join(KINDS)}, not {kind!r}.")
    if not bucket:
        raise ValueError("WELKOM_STORAGE=s3 needs WELKOM_S3_BUCKET.")
    common: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,  # None: boto3's own chain (instance role, AWS_* variables)
        "secret_key": secret_key or None,
        "addressing_style": addressing_style or None,
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket's own policy, which must be private
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    return {
        alias: {"BACKEND": "welkom.core.s3.PrivateS3Storage", "OPTIONS": {**common, "location": alias}}
        for alias in ALIASES
    }


class RoutedStorage(Storage):
    """Forwards every call to ``storages[alias]``, looked up when it is used."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    @property
    def target(self) -> Storage:
        return storages[self.alias]

    def open(self, name: str, mode: str = "rb") -> File:
        return self.target.open(name, mode)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        return self.target.save(name, content, max_length=max_length)

    def get_valid_name(self, name: str) -> str:
        return self.target.get_valid_name(name)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        return self.target.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.target.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return self.target.generate_filename(filename)

    def path(self, name: str) -> str:
        raise NotImplementedError("Use the storage API (open, save, delete), not a path on this machine.")

    def delete(self, name: str) -> None:
        self.target.delete(name)

    def exists(self, name: str) -> bool:
        return self.target.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.target.listdir(path)

    def size(self, name: str) -> int:
        return self.target.size(name)

    def url(self, name: str | None) -> str:
        raise NoPublicUrl(name)

    def get_accessed_time(self, name: str) -> datetime:
        return self.target.get_accessed_time(name)

    def get_created_time(self, name: str) -> datetime:
        return self.target.get_created_time(name)

    def get_modified_time(self, name: str) -> datetime:
        return self.target.get_modified_time(name)


def documents_storage() -> RoutedStorage:
    return RoutedStorage("documents")


def private_storage() -> RoutedStorage:
    return RoutedStorage("private")


def packages_storage() -> RoutedStorage:
    return RoutedStorage("packages")
