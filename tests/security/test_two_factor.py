import base64

import pytest
from django_otp.oath import TOTP

from tests.factories import PASSWORD
from welkom.security import services

pytestmark = pytest.mark.django_db


def login(client, user, **extra):
    return client.post("/api/auth/login", {"email": user.email, "password": PASSWORD, **extra}, format="json")


class Authenticator:
    """What the phone app does: a code per 30-second step from the shared secret."""

    def __init__(self, secret: str) -> None:
        self.key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        self.step = 0

    def now(self) -> str:
        # django-otp refuses a code twice (replay), and accepts one step of clock drift: each code
        # we send is for the next step.
        token = TOTP(self.key, t0=-30 * self.step).token()
        self.step += 1
        return f"{token:06d}"


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def enrol(client) -> Authenticator:
    setup = client.post("/api/auth/two-factor/setup")
    assert setup.status_code == 200, setup.content
    body = setup.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/Welkom:")
    assert body["qr_svg"].startswith("<svg")
    totp = Authenticator(body["secret"])
    confirm = client.post("/api/auth/two-factor/confirm", {"otp_code": totp.now()}, format="json")
    assert confirm.status_code == 200, confirm.content
    assert confirm.json() == {"required": True, "enrolled": True, "verified": True}
    return totp


@pytest.fixture
def required(org_a):
    services.policy_update(organisation=org_a.organisation, require_two_factor=True)


def test_without_the_setting_hr_logs_in_with_a_password_only(client_factory, org_a):
    response = login(client_factory(), org_a["hr"])
    assert response.status_code == 200
    assert response.json()["two_factor"] == {"required": False, "enrolled": False, "verified": False}


def test_hr_without_an_authenticator_can_only_enrol(client_factory, org_a, required):
    client = client_factory()
    response = login(client, org_a["hr"])
    assert response.status_code == 200
    assert response.json()["two_factor"]["required"] is True
    blocked = client.get("/api/newcomers")
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "two_factor_required"
    assert client.get("/api/me").status_code == 200
    enrol(client)
    assert client.get("/api/newcomers").status_code == 200


def test_after_enrolment_login_needs_the_code(client_factory, org_a, required):
    totp = enrol(login_client := client_factory(org_a["hr"]))
    assert login_client.post("/api/auth/logout").status_code == 204

    client = client_factory()
    missing = login(client, org_a["hr"])
    assert missing.status_code == 400
    assert missing.json()["code"] == "otp_required"
    assert "otp_code" in missing.json()["fields"]
    assert client.get("/api/me").status_code in (401, 403)  # not logged in

    right_now = f"{TOTP(totp.key).token():06d}"
    wrong = login(client, org_a["hr"], otp_code="000000" if right_now != "000000" else "111111")
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "otp_invalid"

    ok = login(client, org_a["hr"], otp_code=totp.now())
    assert ok.status_code == 200, ok.content
    assert ok.json()["two_factor"]["verified"] is True
    assert client.get("/api/newcomers").status_code == 200


def test_other_roles_are_not_asked_for_a_code(client_factory, org_a, required):
    for role in ("newcomer", "colleague", "team_lead"):
        client = client_factory()
        assert login(client, org_a[role]).status_code == 200
        assert client.get("/api/teams").status_code == 200


def test_an_unverified_session_cannot_replace_the_authenticator(client_factory, org_a, required):
    enrol(client_factory(org_a["admin"]))
    # A session that logged in before enrolment (password only) must not take over the account.
    services.policy_update(organisation=org_a.organisation, require_two_factor=False)
    stale = client_factory(org_a["admin"])
    services.policy_update(organisation=org_a.organisation, require_two_factor=True)
    response = stale.post("/api/auth/two-factor/setup")
    assert response.status_code == 403
    assert stale.get("/api/audit").status_code == 403


def test_an_admin_sets_the_policy_and_resets_a_lost_authenticator(client_factory, org_a, org_b):
    admin = client_factory(org_a["admin"])
    assert (
        client_factory(org_a["hr"])
        .patch("/api/security/policy", {"require_two_factor": True}, format="json")
        .status_code
        == 403
    )
    response = admin.patch("/api/security/policy", {"require_two_factor": True}, format="json")
    assert response.json() == {"require_two_factor": True}
    assert client_factory(org_b["hr"]).get("/api/security/policy").json() == {"require_two_factor": False}
    # The admin's own session is not verified yet: everything but enrolment is closed now.
    assert admin.get("/api/users").status_code == 403
    enrol(admin)
    hr_client = client_factory()
    login(hr_client, org_a["hr"])
    enrol(hr_client)
    assert admin.post(f"/api/security/users/{org_a['hr'].pk}/two-factor-reset").status_code == 204
    assert login(client_factory(), org_a["hr"]).json()["two_factor"]["enrolled"] is False
    other = admin.post(f"/api/security/users/{org_b['hr'].pk}/two-factor-reset")
    assert other.status_code == 404


def test_a_malformed_code_is_a_field_error(client_factory, org_a, required):
    client = client_factory()
    login(client, org_a["hr"])
    client.post("/api/auth/two-factor/setup")
    response = client.post("/api/auth/two-factor/confirm", {"otp_code": "abc"}, format="json")
    assert response.status_code == 400
    assert "otp_code" in response.json()["fields"]
