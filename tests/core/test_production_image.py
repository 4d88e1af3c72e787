"""The production image's default command is the server configuration that works: gunicorn with
threaded workers, from the one config file that docker-compose uses too. Run as the image runs it,
one process serves other requests while readers hold chat long polls (sync workers would not)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests
import yaml
from django.db import connection

from tests.factories import PASSWORD
from welkom.chat import services as chat

pytestmark = pytest.mark.once(reason="the production image's command, which runs with PostgreSQL")

ROOT = Path(__file__).resolve().parents[2]
WAIT = 12  # seconds a long poll holds its request


def image_command() -> list[str]:
    dockerfile = (ROOT / "backend" / "Dockerfile").read_text()
    [line] = [line for line in dockerfile.splitlines() if line.startswith("CMD ")]
    return list(json.loads(line.removeprefix("CMD ")))


def test_compose_runs_the_image_command_for_the_web_service():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert "command" not in web or web["command"] == image_command()
    command = image_command()
    assert command[:3] == ["gunicorn", "--config", "gunicorn.conf.py"]
    assert not {"--worker-class", "-k", "--workers", "-w", "--threads"} & set(command)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            requests.get(f"{url}/api/me", timeout=10)  # 401 or 403: Django answers
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer")


def _database_now() -> datetime | None:
    """The database server's clock (not the test's, which make test-clocks fakes)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def _server_connections(since: datetime | None) -> set[int] | None:
    """The PostgreSQL server processes connected to the test database since ``since`` (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_start >= %s",
            [since],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_image_command_answers_while_readers_long_poll(org_a, tmp_path):
    """Also: with WELKOM_DB_CONN_MAX_AGE requests reuse their thread's database connection (on
    PostgreSQL, counted in pg_stat_activity): after the first requests, more open none."""
    channel = chat.team_channel_sync(team=org_a.team)
    started = _database_now()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "WELKOM_WEB_BIND": f"127.0.0.1:{port}",
        "WELKOM_WEB_WORKERS": "1",  # one process: sync workers would serve one request at a time
        "WELKOM_CHAT_LONG_POLL_SECONDS": str(WAIT),
        "WELKOM_DB_CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        image_command(),
        cwd=ROOT / "backend",
        env=env,
        start_new_session=True,
        stdout=(tmp_path / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    polls: list[socket.socket] = []
    try:
        _wait_until_serving(url, server)
        http = requests.Session()
        http.get(f"{url}/login", timeout=30)
        login = http.post(
            f"{url}/api/auth/login",
            json={"email": org_a["colleague"].email, "password": PASSWORD},
            headers={"X-CSRFToken": http.cookies["csrftoken"]},
            timeout=30,
        )
        assert login.status_code == 200, login.text
        for _ in range(3):
            assert http.get(f"{url}/api/me", timeout=30).status_code == 200
        warm = _server_connections(started)
        assert warm is None or warm, "the server kept no database connection open between requests"
        for _ in range(30):
            assert http.get(f"{url}/api/me", timeout=30).status_code == 200
        if warm is not None:  # a thread the pool adds may open one more; a request each would be 30
            assert len((_server_connections(started) or set()) - warm) <= 5
        cookies = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
        request = (
            f"GET /api/chat/channels/{channel.pk}/messages?after={channel.last_seq}&wait={WAIT} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
        ).encode()
        for _ in range(4):  # more readers than a sync server of this size has processes
            poll = socket.create_connection(("127.0.0.1", port), timeout=WAIT * 4)
            poll.sendall(request)
            polls.append(poll)
        me = http.get(f"{url}/api/me", timeout=WAIT * 4)
        assert me.status_code == 200
        for poll in polls:  # every reader is still waiting: /api/me did not queue behind them
            poll.setblocking(False)
            with pytest.raises(BlockingIOError):
                poll.recv(1)
        for poll in polls:  # and each gets its (empty) answer when its wait is over
            poll.setblocking(True)
            answer = b""
            while chunk := poll.recv(65536):
                answer += chunk
            assert re.match(rb"HTTP/1\.[01] 200", answer), answer[:200]
    finally:
        for poll in polls:
            poll.close()
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait(timeout=10)
