"""Web push through pywebpush to a push service that runs here (a small HTTP server): the message
is encrypted for the subscription's keys, signed with our VAPID key, and carries a Topic so the push
service replaces a duplicate that has not been delivered yet."""

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from welkom.notifications.models import Delivery, Notification
from welkom.notifications.services import DeliveryRetry, delivery_send, notification_send
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
            self.send_response(status.get(self.path, status["code"]))  # a code per endpoint, or one for all
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


def _subscribe_readable(user, endpoint):
    """A subscription whose messages the test can decrypt, as the browser would."""
    browser_key = ec.generate_private_key(ec.SECP256R1())
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = b"0123456789abcdef"
    PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=_b64(public), auth=_b64(secret))
    return lambda body: json.loads(http_ece.decrypt(body, private_key=browser_key, auth_secret=secret))


def test_the_push_message_shows_the_text_and_opens_the_link(org_a, push_service, vapid):
    base, received, _ = push_service
    read = _subscribe_readable(org_a["hr"], f"{base}/sub/read")
    notification = notification_send(
        recipient=org_a["hr"],
        kind="x",
        title="Plan ready",
        body="Have a look",
        link="/journeys/plans/7",
        dedupe_key="push-4",
        urgent=True,
    )
    assert delivery_send(delivery_id=notification.deliveries.get(channel="push").pk) == "sent"
    (request,) = received
    message = read(request["body"])
    assert message == {
        "title": "Plan ready",
        "body": "Have a look",
        "url": "/journeys/plans/7",
        "tag": request["headers"]["topic"],
    }
    assert len(message["tag"]) == 32
    assert request["headers"]["urgency"] == "high"
    assert request["headers"]["ttl"] == str(24 * 60 * 60)


def test_a_push_message_without_a_link_opens_the_app_and_is_not_urgent(org_a, push_service, vapid):
    base, received, _ = push_service
    read = _subscribe_readable(org_a["hr"], f"{base}/sub/plain")
    first = notification_send(recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-5", urgent=True)
    Notification.objects.filter(pk=first.pk).update(urgent=False)
    second = notification_send(recipient=org_a["hr"], kind="x", title="Ho", dedupe_key="push-6", urgent=True)
    for notification in (first, second):
        delivery_send(delivery_id=notification.deliveries.get(channel="push").pk)
    assert received[0]["headers"]["urgency"] == "normal"
    assert read(received[0]["body"])["url"] == "/"
    assert received[0]["headers"]["topic"] != received[1]["headers"]["topic"]  # one topic per message


def test_a_subscription_the_browser_dropped_is_forgotten_and_the_others_still_get_it(
    org_a, push_service, vapid
):
    base, received, status = push_service
    _subscribe(org_a["hr"], f"{base}/sub/a")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-7", urgent=True
    )
    status["code"] = 404
    assert delivery_send(delivery_id=notification.deliveries.get(channel="push").pk) == "skipped"
    assert not PushSubscription.objects.exists()
    _subscribe(org_a["hr"], f"{base}/sub/b")
    status["code"] = 201
    again = notification_send(recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-8", urgent=True)
    assert delivery_send(delivery_id=again.deliveries.get(channel="push").pk) == "sent"
    assert received[-1]["path"] == "/sub/b"


def test_a_push_service_in_trouble_is_tried_again_with_the_subscription_kept(org_a, push_service, vapid):
    base, _, status = push_service
    _subscribe(org_a["hr"], f"{base}/sub/busy")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-9", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    status["code"] = 503
    with pytest.raises(DeliveryRetry):
        delivery_send(delivery_id=push.pk)
    stored = Delivery.objects.get(pk=push.pk)
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert stored.last_error.startswith("push: ")
    assert PushSubscription.objects.count() == 1
    status["code"] = 201
    assert delivery_send(delivery_id=push.pk) == "sent"


def test_a_push_service_that_cannot_be_reached_is_tried_again(org_a, vapid, settings):
    settings.WEBPUSH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    _subscribe(org_a["hr"], "http://127.0.0.1:9/sub/closed")  # nothing listens there
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-10", urgent=True
    )
    with pytest.raises(DeliveryRetry, match=r"^push: "):
        delivery_send(delivery_id=notification.deliveries.get(channel="push").pk)


def test_without_a_vapid_key_at_send_time_push_is_skipped(org_a, push_service, vapid, settings):
    base, received, _ = push_service
    _subscribe(org_a["hr"], f"{base}/sub/nokey")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-11", urgent=True
    )
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    assert delivery_send(delivery_id=notification.deliveries.get(channel="push").pk) == "skipped"
    assert received == []


def test_a_device_that_is_gone_or_refused_does_not_keep_the_message_from_the_others(
    org_a, push_service, vapid
):
    """Devices are tried newest first: the newest is refused (an internal address), the next one's
    browser dropped it (410), the oldest works and gets the message; the two others are forgotten."""
    base, received, status = push_service
    _subscribe(org_a["hr"], f"{base}/sub/works")
    _subscribe(org_a["hr"], f"{base}/sub/gone")
    status["/sub/gone"] = 410
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-12", urgent=True
    )
    with socket.create_server(("127.0.0.2", 0)) as internal:  # answers, but outside the allowed network
        _subscribe(org_a["hr"], f"http://127.0.0.2:{internal.getsockname()[1]}/sub/internal")
        assert delivery_send(delivery_id=notification.deliveries.get(channel="push").pk) == "sent"
    assert [r["path"] for r in received] == ["/sub/gone", "/sub/works"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [f"{base}/sub/works"]


def test_without_a_vapid_key_push_is_skipped_when_written_and_never_queued(org_a, push_service, settings):
    base, received, _ = push_service
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    _subscribe(org_a["hr"], f"{base}/sub/no-key")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="push-13", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    assert (push.status, push.queued_at) == ("skipped", None)
    assert received == []
