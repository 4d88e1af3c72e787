"""The embedded default end to end: ``make run`` itself, in a folder and on a port of its own.

``make run`` prepares SQLite (migrate, content, demo data, demo language packages) and starts the
processes of the ``Procfile`` with honcho: web, worker, translation worker and beat, on the on-disk
Celery broker and result store. The test then uses Welkom over HTTP as people would: a newcomer
finishes a module, ticks a checklist item, writes in the team chat, and downloads their data export;
the team lead reads the message translated; an admin erases the newcomer; the health check sees
beat's heartbeat from the worker. Every wait is on a condition with a deadline. At the end the
processes get Ctrl-C's SIGINT, as from a terminal, and whatever is left is killed by its id.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "welkom-demo-2026"  # seed_demo's
pytestmark = pytest.mark.embedded

# Variables of the test run that must not reach make run's processes (they would point them at
# the test's PostgreSQL, Redis or settings).
FOREIGN = (
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL",
    "DJANGO_EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE", "WELKOM_TRANSLATION_PACKAGES_DIR",
    "WELKOM_TEST_BROKER_DIR", "WELKOM_TEST_BROKER_PREFIX", "WELKOM_MEDIA_ROOT", "WELKOM_PRIVATE_STORAGE_ROOT",
    "WELKOM_TRANSLATION_PACKAGE_STORE_DIR", "WELKOM_STORAGE", "WELKOM_TEST_REDIS_CACHE",
)  # fmt: skip


def wait_for(condition: Callable[[], Any], *, timeout: float, what: str, stack: Stack | None = None) -> Any:
    """Polls ``condition`` until it returns something true; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if stack is not None:
            stack.check_alive()
        try:
            value = condition()
        except requests.RequestException as error:
            value, last_error = None, error
        if value:
            return value
        time.sleep(0.25)
    detail = f" (last error: {last_error})" if last_error else ""
    log = f"\n--- make run's output ---\n{stack.log_tail()}" if stack else ""
    pytest.fail(f"waited {timeout:.0f} s for {what}{detail}{log}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Stack:
    """``make run`` started in its own process group, with everything it started tracked by id."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "make-run.log"
        (home / "empty.env").write_text("")
        self.env = {name: value for name, value in os.environ.items() if name not in FOREIGN}
        self.env.update(
            {
                "WELKOM_VAR_DIR": str(home / "var"),
                "WELKOM_WEB_PORT": str(self.port),
                "RUN_ENV_FILE": str(home / "empty.env"),
                "REDIS_URL": "",  # set, but empty: a .env beside the code cannot bring Redis in
                "CELERY_BROKER_URL": "filesystem://",
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "WELKOM_SITE_URL": self.url,
            }
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.seen: set[int] = set()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )

    def check_alive(self) -> None:
        assert self.process is not None
        self.seen |= descendants(self.process.pid)
        if self.process.poll() is not None:
            pytest.fail(f"make run stopped (exit {self.process.returncode}):\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Ctrl-C as a terminal sends it (SIGINT to the foreground group), then the ids left."""
        if self.process is None:
            return
        self.seen |= descendants(self.process.pid)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in self.seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in self.seen:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


class Person:
    """A browser-like HTTP session: the CSRF cookie from the login page, the token in a header."""

    def __init__(self, stack: Stack, email: str) -> None:
        self.stack = stack
        self.http = requests.Session()
        self.http.get(f"{stack.url}/login", timeout=30).raise_for_status()
        response = self.post("/api/auth/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text

    def _headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Referer": f"{self.stack.url}/"}

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(f"{self.stack.url}{path}", timeout=30, **kwargs)

    def post(self, path: str, body: Any = None) -> requests.Response:
        return self.http.post(f"{self.stack.url}{path}", json=body, headers=self._headers(), timeout=90)

    def patch(self, path: str, body: Any) -> requests.Response:
        return self.http.patch(f"{self.stack.url}{path}", json=body, headers=self._headers(), timeout=30)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    running = Stack(tmp_path)
    running.start()
    try:
        yield running
    finally:
        running.stop()
        leftovers = [pid for pid in running.seen if _alive(pid)]
        assert leftovers == [], f"processes left running: {leftovers}"


def _web_answers(stack: Stack) -> bool:
    return requests.get(f"{stack.url}/api/health", timeout=10).status_code in (200, 503)


def test_make_run_serves_every_feature_on_sqlite_and_the_on_disk_broker(stack: Stack) -> None:
    wait_for(lambda: _web_answers(stack), timeout=600, what="make run to prepare and start", stack=stack)
    assert (stack.home / "var" / "welkom.sqlite3").exists()
    assert (stack.home / "var" / "broker").is_dir()

    newcomer = Person(stack, "newcomer@demo.welkom.test")
    me = newcomer.get("/api/me").json()

    # A module, read to the end, its quiz answered.
    modules = newcomer.get("/api/modules").json()["results"]
    assert modules, "the demo has modules"
    slug = modules[0]["slug"]
    for question in newcomer.get(f"/api/modules/{slug}").json()["quiz"]:
        choice = {"choices": [question["options"][0]["id"]], "version": question["version"]}
        answered = newcomer.post(f"/api/modules/{slug}/quiz/{question['key']}", choice)
        assert answered.status_code == 200, answered.text
        if not answered.json()["correct"]:  # answered again after the feedback, as a reader would
            choice["choices"] = answered.json()["correct_choices"]
            again = newcomer.post(f"/api/modules/{slug}/quiz/{question['key']}", choice)
            assert again.json()["correct"], again.text
    finished = newcomer.post(f"/api/modules/{slug}/complete")
    assert finished.status_code == 200, finished.text
    assert finished.json()["percent"] == 100

    # A checklist item ticked off.
    checklists = newcomer.get("/api/checklists").json()["results"]
    item = next(
        item
        for checklist in checklists
        for item in checklist["items"]
        if item["status"] == "open" and not item.get("waiting_for") and not item.get("retired")
    )
    ticked = newcomer.patch(f"/api/checklist-items/{item['id']}", {"status": "done"})
    assert ticked.status_code == 200, ticked.text
    assert ticked.json()["status"] == "done"

    # A message in the team chat, read in Dutch by the team lead once the translation worker ran.
    channel = next(c for c in newcomer.get("/api/chat/channels").json()["results"] if c["kind"] == "team")
    posted = newcomer.post(
        f"/api/chat/channels/{channel['id']}/messages", {"body": "Good morning, team!", "language": "en"}
    )
    assert posted.status_code == 201, posted.text
    lead = Person(stack, "lead@demo.welkom.test")

    def translated() -> dict[str, Any] | None:
        messages = lead.get(f"/api/chat/channels/{channel['id']}/messages").json()["messages"]
        shown = next(m["shown"] for m in messages if m["id"] == posted.json()["id"])
        return shown if shown["status"] == "translated" else None

    shown = wait_for(translated, timeout=240, what="the translation worker", stack=stack)
    assert (shown["language"], shown["translated_from"]) == ("nl", "en")
    assert shown["text"]

    # The newcomer's data export, built by the worker and downloaded.
    asked = newcomer.post("/api/privacy/exports")
    assert asked.status_code == 202, asked.text
    export_url = f"/api/privacy/exports/{asked.json()['id']}"
    ready = lambda: newcomer.get(export_url).json()["status"] == "ready"  # noqa: E731
    wait_for(ready, timeout=240, what="the export to be built", stack=stack)
    download = newcomer.get(f"{export_url}/download")
    assert download.status_code == 200, download.text
    data = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("data.json"))
    assert "Good morning, team!" in json.dumps(data["chat"])
    assert [(p["status"], p["percent"]) for p in data["modules"]["progress"]] == [("completed", 100)]

    # An admin erases the newcomer: their words leave the chat, they cannot log in again.
    admin = Person(stack, "admin@demo.welkom.test")
    erased = admin.post("/api/privacy/erasures", {"user": me["id"], "confirm_email": me["email"]})
    assert erased.status_code == 201, erased.text
    messages = lead.get(f"/api/chat/channels/{channel['id']}/messages").json()["messages"]
    assert "Good morning, team!" not in json.dumps(messages)
    again = requests.Session()
    again.get(f"{stack.url}/login", timeout=30)
    refused = again.post(
        f"{stack.url}/api/auth/login",
        json={"email": me["email"], "password": PASSWORD},
        headers={"X-CSRFToken": again.cookies.get("csrftoken", ""), "Referer": f"{stack.url}/"},
        timeout=30,
    )
    assert refused.status_code == 400

    # Beat runs the heartbeat every minute and the worker records it: health is all green.
    health = wait_for(
        lambda: (r := requests.get(f"{stack.url}/api/health", timeout=10)).status_code == 200 and r.json(),
        timeout=180,
        what="beat's heartbeat to reach the health check",
        stack=stack,
    )
    assert health["database"]["detail"] == "sqlite"
