"""Web push through pywebpush to a push service that runs here (a small HTTP server): the message
is encrypted for the subscription's keys, signed with our VAPID key, and carries a Topic so the push
service replaces a duplicate that has not been delivered yet."""

import base64
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from welkom.notifications.models import Delivery
from welkom.notifications.services import delivery_send, notification_send
from welkom.push.models import PushSubscription

pytestmark = pytest.mark.django_db


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def push_service(settings):
    settings.WEBPUSH_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # push goes to the internet only, unless allowed
    received: list[dict] = []
    status = {"code": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": self.rfile.read(length),
                }
            )
            self.send_response(status["code"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received, status
    server.shutdown()


@pytest.fixture
def vapid(settings):
    key = Vapid()
    key.generate_keys()
    raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    settings.WEBPUSH_VAPID_PRIVATE_KEY = _b64(raw)
    return key


def _subscribe(user, endpoint):
    browser_key = ec.generate_private_key(ec.SECP256R1())
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=_b64(public), auth=_b64(b"0" * 16)
    )


def test_push_is_encrypted_signed_and_sent_once(org_a, push_service, vapid):
    base, received, _ = push_service
    _subscribe(org_a["hr"], f"{base}/sub/1")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hello", dedupe_key="push-1", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    assert delivery_send(delivery_id=push.pk) == "sent"
    assert delivery_send(delivery_id=push.pk) == "sent"  # a duplicate task: nothing more
    assert len(received) == 1
    request = received[0]
    assert request["path"] == "/sub/1"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["authorization"].startswith("vapid ")
    assert request["headers"]["topic"]
    assert b"Hello" not in request["body"]  # encrypted


def test_a_gone_subscription_is_forgotten(org_a, push_service, vapid):
    base, _, status = push_service
    status["code"] = 410
    _subscribe(org_a["hr"], f"{base}/sub/gone")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-2", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    assert delivery_send(delivery_id=push.pk) == "skipped"
    assert not PushSubscription.objects.exists()


def test_no_subscription_means_push_is_skipped(org_a):
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-3", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    assert delivery_send(delivery_id=push.pk) == "skipped"
    assert Delivery.objects.get(pk=push.pk).status == "skipped"
