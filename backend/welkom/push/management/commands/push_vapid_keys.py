"""Print a new VAPID key pair for web push, as lines for the .env file."""

import base64

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid  # type: ignore[import-untyped,unused-ignore]


class Command(BaseCommand):
    help = "Generate a VAPID key pair for WELKOM_VAPID_PUBLIC_KEY / WELKOM_VAPID_PRIVATE_KEY."

    def handle(self, *args: object, **options: object) -> None:
        vapid = Vapid()
        vapid.generate_keys()
        public = vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
        encode = lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")  # noqa: E731
        self.stdout.write(f"WELKOM_VAPID_PUBLIC_KEY={encode(public)}")
        self.stdout.write(f"WELKOM_VAPID_PRIVATE_KEY={encode(private)}")
