"""Web push: each device's subscription is stored for its owner only; sending encrypts with VAPID."""

import base64
import http.server
import threading

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from welkom.push.models import PushSubscription
from welkom.push.services import PushMessage, push_send

pytestmark = pytest.mark.django_db

ENDPOINT = "https://push.example.test/send/abc123"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _browser_keys() -> dict[str, str]:
    """What a browser would send: its P-256 public key and a 16-byte auth secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"p256dh": _b64(public), "auth": _b64(b"0123456789abcdef")}


@pytest.fixture
def vapid(settings):
    from py_vapid import Vapid

    vapid = Vapid()
    vapid.generate_keys()
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    settings.WEBPUSH_VAPID_PUBLIC_KEY = _b64(public)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = _b64(
        vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    )
    return settings.WEBPUSH_VAPID_PUBLIC_KEY


def _subscribe(client, endpoint=ENDPOINT, **extra):
    body = {"endpoint": endpoint, "keys": _browser_keys(), "user_agent": "Phone", **extra}
    return client.post("/api/push/subscriptions", body, format="json")


def test_config_gives_the_public_key_when_push_is_set_up(client_factory, org_a, vapid):
    response = client_factory(org_a["newcomer"]).get("/api/push/config")
    assert response.json() == {"enabled": True, "public_key": vapid}


def test_config_says_push_is_off_without_keys(client_factory, org_a, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = ""
    assert client_factory(org_a["newcomer"]).get("/api/push/config").json() == {
        "enabled": False,
        "public_key": "",
    }


@pytest.mark.parametrize("role", ["newcomer", "hr", "team_lead", "colleague", "admin"])
def test_every_role_can_subscribe_its_own_device(client_factory, org_a, role):
    client = client_factory(org_a[role])
    response = _subscribe(client)
    assert response.status_code == 201
    assert response.json()["endpoint"] == ENDPOINT
    listed = client.get("/api/push/subscriptions").json()
    assert [item["endpoint"] for item in listed["results"]] == [ENDPOINT]


def test_nobody_sees_anyone_elses_devices(client_factory, org_a, org_b):
    _subscribe(client_factory(org_a["newcomer"]))
    for person in (org_a["hr"], org_a["admin"], org_b["admin"]):
        assert client_factory(person).get("/api/push/subscriptions").json()["count"] == 0


def test_unsubscribe_removes_only_ones_own_device(client_factory, org_a):
    _subscribe(client_factory(org_a["newcomer"]))
    hr = client_factory(org_a["hr"])
    assert hr.post("/api/push/unsubscribe", {"endpoint": ENDPOINT}, format="json").status_code == 204
    assert PushSubscription.objects.count() == 1
    newcomer = client_factory(org_a["newcomer"])
    assert newcomer.post("/api/push/unsubscribe", {"endpoint": ENDPOINT}, format="json").status_code == 204
    assert PushSubscription.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"endpoint": "http://push.example.test/x", "keys": {"p256dh": "abc", "auth": "def"}}, "endpoint"),
        ({"endpoint": "not a url", "keys": {"p256dh": "abc", "auth": "def"}}, "endpoint"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": "not base64!", "auth": "def"}}, "keys"),
        ({"endpoint": ENDPOINT}, "keys"),
    ],
)
def test_bad_subscriptions_name_the_field_and_store_nothing(client_factory, org_a, body, field):
    response = client_factory(org_a["newcomer"]).post("/api/push/subscriptions", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not PushSubscription.objects.exists()


def test_logged_out_visitors_get_401(api):
    assert api.get("/api/push/config").status_code == 401
    assert _subscribe(api).status_code == 401


class _PushService(http.server.BaseHTTPRequestHandler):
    status = 201
    received: list[dict[str, str]] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.rfile.read(length)
        type(self).received.append({k.lower(): v for k, v in self.headers.items()})
        self.send_response(type(self).status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service(settings):
    """A push service on this machine: allowed explicitly (push goes to the internet only)."""
    settings.WEBPUSH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = http.server.HTTPServer(("127.0.0.1", 0), _PushService)
    _PushService.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def _device(user, server):
    return PushSubscription.objects.create(
        user=user, endpoint=f"http://127.0.0.1:{server.server_port}/push/1", **_browser_keys()
    )


def test_push_send_encrypts_and_signs_for_the_push_service(org_a, vapid, push_service):
    _PushService.status = 201
    device = _device(org_a["newcomer"], push_service)
    assert push_send(subscription=device, message=PushMessage(title="Day 1", body="Meet your buddy"))
    headers = _PushService.received[0]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert headers["ttl"] == str(24 * 3600)
    device.refresh_from_db()
    assert device.last_success_at is not None


def test_a_device_the_push_service_forgot_is_deleted(org_a, vapid, push_service):
    _PushService.status = 410
    device = _device(org_a["newcomer"], push_service)
    assert push_send(subscription=device, message=PushMessage(title="x", body="y")) is False
    assert not PushSubscription.objects.filter(pk=device.pk).exists()


def test_the_key_pair_command_makes_keys_that_sign(org_a, settings, push_service):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("push_vapid_keys", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.WEBPUSH_VAPID_PUBLIC_KEY = values["WELKOM_VAPID_PUBLIC_KEY"]
    settings.WEBPUSH_VAPID_PRIVATE_KEY = values["WELKOM_VAPID_PRIVATE_KEY"]
    _PushService.status = 201
    assert push_send(subscription=_device(org_a["newcomer"], push_service), message=PushMessage("a", "b"))
    assert values["WELKOM_VAPID_PUBLIC_KEY"] in _PushService.received[0]["authorization"]
