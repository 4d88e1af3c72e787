"""Production settings pass Django's deployment checks; every response carries the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.once(reason="production's settings, with PostgreSQL")
def test_production_settings_pass_check_deploy_without_warnings():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (Playwright) has no place in a deployment.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "dummy-" + "k3y-For-The-Deploy-Check_" * 3,
        "DATABASE_URL": "postgres://welkom:secret@db.invalid:5432/welkom",
        "CELERY_BROKER_URL": "redis://redis.invalid:6379/0",
        "DJANGO_ALLOWED_HOSTS": "welkom.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://welkom.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT / "backend",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_refuse_framing(client):
    response = client.get("/login")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()
