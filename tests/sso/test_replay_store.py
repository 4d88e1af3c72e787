"""The sign-in's single-use values (ID tokens, nonces, states, logout-token ids) are remembered in
Django's cache, which production keeps in Redis: a replay that reaches another web process on
another node is refused there too. Here a second node is a real gunicorn process (the production
image's command) on the same database and Redis, and the test process is the first node."""

from __future__ import annotations

import os
import subprocess
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.core import checks
from django.core.cache import cache

from tests.core.test_production_image import (
    ROOT,
    _database_url,
    _free_port,
    _wait_until_serving,
    image_command,
)
from tests.sso.conftest import configure, sign_in
from welkom.sso import replay
from welkom.sso.checks import replay_store_is_shared

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def shared_cache(settings):  # type: ignore[no-untyped-def]
    """This process's cache on the run's Redis, under a key prefix of this test's own (no flush:
    the database holds the broker's keys too)."""
    prefix = f"{settings.TEST_BROKER_PREFIX}sso-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {"BACKEND": REDIS_CACHE, "LOCATION": settings.REDIS_URL, "KEY_PREFIX": prefix}
    }
    return prefix


@pytest.fixture
def node_b(shared_cache, tmp_path):  # type: ignore[no-untyped-def]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "WELKOM_SITE_URL": url,
        "WELKOM_TEST_SHARED_CACHE": shared_cache,
        "WELKOM_WEB_BIND": f"127.0.0.1:{port}",
        "WELKOM_WEB_WORKERS": "1",
    }
    server = subprocess.Popen(
        image_command(), cwd=ROOT / "backend", env=env, start_new_session=True,
        stdout=(tmp_path / "gunicorn.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_until_serving(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.redis_only(reason="the replay store under test is the Redis cache production uses")
@pytest.mark.django_db(transaction=True)
def test_a_replay_reaching_another_node_is_refused_there(org_a, provider, client_factory, node_b):
    configure(org_a.organisation, org_a["admin"], provider)
    provider.redirect_uris.add(f"{node_b}/api/auth/sso/callback")
    person = provider.add("nina@alpha.test")
    # Node A (this process) accepts the ID token.
    assert sign_in(client_factory(), "nina@alpha.test")["Location"] == "/"
    # The same ID token, replayed to node B in a sign-in started there.
    provider.misbehave["replay"] = True
    browser = requests.Session()
    start = browser.get(f"{node_b}/api/auth/sso/start", params={"email": "nina@alpha.test"},
                        allow_redirects=False, timeout=30)  # fmt: skip
    assert start.headers["Location"].startswith(provider.issuer), start.headers.get("Location")
    answer = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = browser.get(answer.headers["Location"], allow_redirects=False, timeout=30)
    location = urlsplit(back.headers["Location"])
    # A store of node B's own would let the token through to the nonce check (nonce_mismatch).
    assert (location.path, parse_qs(location.query)) == ("/login", {"sso_error": ["token_replayed"]})
    assert browser.get(f"{node_b}/api/me", timeout=30).status_code in (401, 403)
    # A logout token used at node A is refused at node B.
    token = provider.logout_token(sub=person.sub)
    form = {"content_type": "application/x-www-form-urlencoded"}
    assert client_factory().post("/api/auth/sso/backchannel-logout", urlencode({"logout_token": token}),
                                 **form).status_code == 200  # fmt: skip
    replayed = requests.post(
        f"{node_b}/api/auth/sso/backchannel-logout", data={"logout_token": token}, timeout=30
    )
    assert replayed.status_code == 400, replayed.text
    # The record is in Redis, where every node reads it.
    assert cache.get(replay.key("logout-jti", f"{provider.issuer} {_jti(token)}")) == 1


def _jti(token: str) -> str:
    import base64
    import json

    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"])


@pytest.mark.redis_only(reason="the replay store under test is the Redis cache production uses")
def test_two_clients_of_one_redis_let_exactly_one_use_a_value(shared_cache, settings):
    from django.core.cache.backends.redis import RedisCache

    other = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": shared_cache})  # another process's client
    assert replay.first_use("nonce", "n-1", seconds=120) is True
    assert other.add(replay.key("nonce", "n-1"), 1, 120) is False
    assert other.add(replay.key("nonce", "n-2"), 1, 120) is True
    assert replay.first_use("nonce", "n-2", seconds=120) is False


@pytest.mark.parametrize(
    ("backend", "ids"),
    [
        ("django.core.cache.backends.dummy.DummyCache", ["welkom_sso.E001"]),
        ("django.core.cache.backends.locmem.LocMemCache", ["welkom_sso.W001"]),
        (REDIS_CACHE, []),
    ],
)
def test_the_deploy_check_refuses_a_store_that_is_not_shared(settings, backend, ids):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": settings.REDIS_URL}}
    assert [message.id for message in replay_store_is_shared()] == ids
    assert {m.id for m in checks.run_checks(include_deployment_checks=True)} >= set(ids)
