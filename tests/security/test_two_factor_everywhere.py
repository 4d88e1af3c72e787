"""With two-factor required, a session that only gave its password reaches enrolment and the app's
HTML shell, and nothing that serves data: not /api/, not LibreTranslate's /translate and /detect,
not module pictures, not the admin. The admin's own login form asks for the code."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import TOTP

from tests.factories import PASSWORD
from tests.security.test_two_factor import Authenticator, enrol, login
from welkom.security import services

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def required(org_a):
    services.policy_update(organisation=org_a.organisation, require_two_factor=True)


@pytest.fixture
def password_only(client_factory, org_a, required):
    """HR logged in with a password, before setting up an authenticator app."""
    client = client_factory()
    assert login(client, org_a["hr"]).json()["two_factor"] == {
        "required": True,
        "enrolled": False,
        "verified": False,
    }
    return client


@pytest.fixture
def media(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    folder = tmp_path / "modules" / "sample" / "images"
    folder.mkdir(parents=True)
    (folder / "chart.png").write_bytes(PNG)


def test_a_password_only_session_cannot_translate(password_only, languages, org_a):
    from welkom.translation.services import memory_entry_save

    memory_entry_save(
        organisation=org_a.organisation,
        source_language="nl",
        target_language="en",
        source_text="Salaris van Nina",
        translated_text="Nina's salary",
        approved_by=org_a["hr"],
    )
    response = password_only.post("/translate", {"q": "Salaris van Nina", "source": "nl", "target": "en"})
    assert response.status_code == 403
    assert set(response.json()) == {"error"}
    assert "Nina" not in response.content.decode()
    detect = password_only.post("/detect", {"q": "Goedemorgen allemaal"}, format="json")
    assert detect.status_code == 403
    assert set(detect.json()) == {"error"}


def test_a_password_only_session_cannot_fetch_module_pictures(password_only, media):
    response = password_only.get("/content-media/modules/sample/images/chart.png")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_a_password_only_session_still_gets_the_app_and_can_enrol(password_only):
    page = password_only.get("/settings/security")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert password_only.get("/languages").status_code == 200  # public, like LibreTranslate's
    enrol(password_only)
    assert password_only.get("/api/newcomers").status_code == 200


def test_a_verified_session_translates(client_factory, org_a, required, languages):
    client = client_factory()
    login(client, org_a["hr"])
    enrol(client)
    response = client.post("/translate", {"q": "Hallo", "source": "nl", "target": "en"}, format="json")
    assert response.status_code == 200, response.content


# --- The admin site's login -------------------------------------------------------------------------


@pytest.fixture
def enrolled_admin(client_factory, org_a, required) -> Authenticator:
    admin = org_a["admin"]
    admin.is_staff = True  # may use the Django admin (as seed_demo makes the demo admin)
    admin.save(update_fields=["is_staff"])
    client = client_factory()
    login(client, admin)
    totp = enrol(client)
    client.post("/api/auth/logout")
    return totp


def _admin_login(client, user, **extra):  # type: ignore[no-untyped-def]
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token, **extra},
    )


def test_the_admin_login_asks_an_enrolled_admin_for_the_code(client_factory, org_a, enrolled_admin):
    client = client_factory()
    page = client.get("/admin/login/")
    assert 'name="otp_code"' in page.content.decode()
    response = _admin_login(client, org_a["admin"])
    assert response.status_code == 200  # the form again, with the reason
    assert "authenticator app" in response.content.decode()
    assert client.get("/api/me").status_code in (401, 403)
    assert client.get("/admin/").status_code == 302  # still to the login


def test_a_wrong_code_does_not_open_the_admin(client_factory, org_a, enrolled_admin):
    client = client_factory()
    right_now = f"{TOTP(enrolled_admin.key).token():06d}"
    response = _admin_login(client, org_a["admin"], otp_code="000000" if right_now != "000000" else "111111")
    assert response.status_code == 200
    assert client.get("/api/me").status_code in (401, 403)


def test_the_right_code_opens_the_admin_with_a_verified_session(client_factory, org_a, enrolled_admin):
    client = client_factory()
    response = _admin_login(client, org_a["admin"], otp_code=enrolled_admin.now())
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/auth/two-factor").json()["verified"] is True


def test_an_admin_without_an_authenticator_is_sent_to_set_one_up(client_factory, org_a, required):
    admin = org_a["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client = client_factory()
    response = _admin_login(client, admin)
    assert response.status_code == 200
    assert client.get("/api/me").status_code in (401, 403)


def test_without_the_requirement_the_admin_login_needs_no_code(client_factory, org_a):
    admin = org_a["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client = client_factory()
    response = _admin_login(client, admin)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
