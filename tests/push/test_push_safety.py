"""A device belongs to the person who subscribed it, and push only goes to the internet.

* Another person posting an endpoint that is already someone else's gets a clear refusal (409
  ``push_endpoint_in_use``); the subscription stays with its owner (never moved silently).
* Endpoints on private, loopback, link-local and other non-public addresses are refused when
  subscribing, and when sending the connection refuses any such address it ends up at (a stored
  endpoint from before this check, or a name that resolves elsewhere later): the server never
  becomes a way into its own network. No test needs the internet: IP literals, ``localhost`` and a
  resolver passed to the service make the point.
"""

from __future__ import annotations

import http.server
import threading

import pytest

from tests.push.test_subscriptions import _browser_keys, _subscribe, vapid  # noqa: F401 (fixture)
from welkom.core.errors import ApiError
from welkom.notifications.services import delivery_send, notification_send
from welkom.push import services
from welkom.push.models import PushSubscription
from welkom.push.services import PushMessage, push_send

pytestmark = pytest.mark.django_db

PUBLIC = "https://93.184.215.14/push/send/abc"


def test_another_person_cannot_take_over_a_device(client_factory, org_a, org_b):
    owner = client_factory(org_a["newcomer"])
    assert _subscribe(owner, PUBLIC).status_code == 201
    before = PushSubscription.objects.get()
    response = _subscribe(client_factory(org_b["admin"]), PUBLIC)
    assert response.status_code == 409
    assert response.json()["code"] == "push_endpoint_in_use"
    assert "endpoint" in response.json()["fields"]
    after = PushSubscription.objects.get()
    assert (after.user_id, after.p256dh, after.auth) == (org_a["newcomer"].pk, before.p256dh, before.auth)
    # Within the organisation too: the device is not moved to a colleague either.
    assert _subscribe(client_factory(org_a["colleague"]), PUBLIC).status_code == 409
    assert PushSubscription.objects.get().user_id == org_a["newcomer"].pk


def test_the_owner_refreshes_their_own_device(client_factory, org_a):
    owner = client_factory(org_a["newcomer"])
    assert _subscribe(owner, PUBLIC).status_code == 201
    keys = _browser_keys()
    response = owner.post("/api/push/subscriptions", {"endpoint": PUBLIC, "keys": keys}, format="json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().p256dh == keys["p256dh"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1:6379/push",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/push",
        "https://192.168.1.1/push",
        "https://172.16.0.9/push",
        "https://100.64.0.1/push",
        "https://0.0.0.0/push",
        "https://224.0.0.1/push",
        "https://[::1]/push",
        "https://[fe80::1]/push",
        "https://[fd00::5]/push",
        "https://[::ffff:127.0.0.1]/push",
        "https://localhost/push",
        "https://user:secret@93.184.215.14/push",
        "http://93.184.215.14/push",
    ],
)
def test_endpoints_that_are_not_on_the_internet_are_refused(client_factory, org_a, endpoint):
    response = _subscribe(client_factory(org_a["newcomer"]), endpoint)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert "endpoint" in response.json()["fields"]
    assert not PushSubscription.objects.exists()


def test_a_name_that_resolves_into_the_private_network_is_refused(org_a):
    with pytest.raises(ApiError) as refused:
        services.subscription_save(
            user=org_a["newcomer"],
            endpoint="https://push.example.test/send/1",
            resolve=lambda host, port: ["93.184.215.14", "10.0.0.5"],
            **_browser_keys(),
        )
    assert refused.value.fields.keys() == {"endpoint"}
    assert not PushSubscription.objects.exists()


def test_a_name_that_resolves_to_the_internet_is_accepted(org_a):
    subscription = services.subscription_save(
        user=org_a["newcomer"],
        endpoint="https://push.example.test/send/1",
        resolve=lambda host, port: ["93.184.215.14"],
        **_browser_keys(),
    )
    assert subscription.user == org_a["newcomer"]


# --- Sending ------------------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(self.path)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def internal_service():
    """Something inside the server's network that must never be reached through push."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


def _stored(user, endpoint):  # type: ignore[no-untyped-def]
    """A subscription as an older version stored it, without the checks."""
    return PushSubscription.objects.create(user=user, endpoint=endpoint, **_browser_keys())


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_sending_never_reaches_an_internal_address(org_a, vapid, internal_service, host):  # noqa: F811
    device = _stored(org_a["newcomer"], f"http://{host}:{internal_service}/push/1")
    assert push_send(subscription=device, message=PushMessage(title="x", body="y")) is False
    assert _Recorder.received == []
    assert not PushSubscription.objects.filter(pk=device.pk).exists()


def test_journey_notifications_never_reach_an_internal_address(org_a, vapid, internal_service):  # noqa: F811
    _stored(org_a["hr"], f"http://127.0.0.1:{internal_service}/push/1")
    notification = notification_send(
        recipient=org_a["hr"], kind="x", title="Hi", dedupe_key="ssrf", urgent=True
    )
    push = notification.deliveries.get(channel="push")
    assert delivery_send(delivery_id=push.pk) == "skipped"
    assert _Recorder.received == []
    assert not PushSubscription.objects.exists()


def test_a_push_service_in_an_allowed_network_is_reached(org_a, vapid, internal_service, settings):  # noqa: F811
    settings.WEBPUSH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    device = _stored(org_a["newcomer"], f"http://127.0.0.1:{internal_service}/push/1")
    assert push_send(subscription=device, message=PushMessage(title="x", body="y")) is True
    assert _Recorder.received == ["/push/1"]
