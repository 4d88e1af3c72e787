"""An S3-compatible server for the tests: moto in server mode, a real HTTP endpoint on 127.0.0.1
(boto3 and django-storages talk to it over the network as they would to MinIO or AWS S3).

``s3_server`` starts one per test session; ``s3_storage`` gives a test a bucket of its own and points
Welkom's stores at it (``WELKOM_STORAGE=s3``). Loaded for every test folder through ``pytest_plugins``
in tests/conftest.py.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from welkom.core.storage import storages_setting

ACCESS_KEY = "welkom-test"
SECRET_KEY = "welkom-test-secret"
REGION = "eu-west-1"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )


@dataclass(frozen=True)
class S3Bucket:
    server: S3Server
    name: str

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read())

    def environment(self) -> dict[str, str]:
        """The settings a separate process needs to use this bucket (docs/scaling.md)."""
        return {
            "WELKOM_STORAGE": "s3",
            "WELKOM_S3_BUCKET": self.name,
            "WELKOM_S3_ENDPOINT_URL": self.server.endpoint_url,
            "WELKOM_S3_REGION": REGION,
            "WELKOM_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "WELKOM_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "WELKOM_S3_ADDRESSING_STYLE": "path",
        }

    def storages(self) -> dict[str, dict[str, Any]]:
        return storages_setting(
            kind="s3",
            bucket=self.name,
            endpoint_url=self.server.endpoint_url,
            region=REGION,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            addressing_style="path",
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(endpoint_url=f"http://127.0.0.1:{port}")
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> S3Bucket:
    bucket = S3Bucket(s3_server, f"welkom-test-{uuid.uuid4().hex[:12]}")
    s3_server.client().create_bucket(
        Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return bucket


@pytest.fixture
def s3_storage(settings: Any, s3_bucket: S3Bucket) -> S3Bucket:
    """Welkom's stores in a fresh bucket of the moto server, for this test."""
    settings.WELKOM_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, **s3_bucket.storages()}
    return s3_bucket
