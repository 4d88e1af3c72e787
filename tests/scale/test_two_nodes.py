"""Welkom on two machines (docs/scaling.md), with real processes: two web processes (gunicorn, the
image's command) and two Celery workers, each with folders of its own (media, private files,
language packages, var/), sharing only PostgreSQL, Redis and an S3 server on 127.0.0.1 (moto in
server mode, started by the test). Worker A takes the default and notification queues, worker B
the translation queue, as docs/scaling.md advises.

What one node writes, the other reads: a document uploaded through web A downloads through web B;
an export built by worker A downloads through web B; a language package installed through web A
translates on worker B, which never saw it; a chat message posted through web A wakes a long poll
held by web B; and the login throttle counts one newcomer's attempts on both nodes together.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.checklists.conftest import PDF, make_profile
from tests.core.test_production_image import image_command
from tests.factories import PASSWORD
from welkom.chat import services as chat
from welkom.checklists.models import ChecklistItem
from welkom.content.services import content_sync
from welkom.translation import services as translation_services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql_only(
        reason="several machines share PostgreSQL (SQLite is one file on one machine); the embedded "
        "default is one machine by design"
    ),
    pytest.mark.redis_only(reason="the nodes share Redis: the broker, the cache, throttles and long polls"),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20  # seconds a long poll may hold its request
LOGIN_RATE = 5  # logins a minute per client address, on both nodes together
STARTUP_SECONDS = 120


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Node:
    """One machine's process: its own folders, the shared services from ``shared``."""

    name: str
    command: list[str]
    folder: Path
    shared: dict[str, str]
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True)
        self.log = self.folder / "process.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def packages(self) -> Path:
        return self.folder / "translation"

    def start(self) -> None:
        env = {
            **os.environ,
            **self.shared,
            "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
            "WELKOM_VAR_DIR": str(self.folder / "var"),
            "WELKOM_MEDIA_ROOT": str(self.folder / "media"),
            "WELKOM_PRIVATE_STORAGE_ROOT": str(self.folder / "private"),
            "WELKOM_TRANSLATION_PACKAGES_DIR": str(self.packages),
            "WELKOM_TRANSLATION_PACKAGE_STORE_DIR": str(self.folder / "package-store"),
        }
        if self.port:
            env["WELKOM_WEB_BIND"] = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            self.command, cwd=ROOT / "backend", env=env, start_new_session=True,
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def alive(self) -> None:
        assert self.process is not None
        assert self.process.poll() is None, (
            f"{self.name} stopped:\n{self.log.read_text(errors='replace')[-3000:]}"
        )

    def local_files(self) -> list[str]:
        """Files this node wrote to its own media and private folders (with S3: none)."""
        return sorted(
            str(path.relative_to(self.folder))
            for sub in ("media", "private")
            for path in (self.folder / sub).rglob("*")
            if path.is_file()
        )


def _wait_for(what: str, check, nodes: list[Node], seconds: float = STARTUP_SECONDS):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for node in nodes:
            node.alive()
        result = check()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def _serving(node: Node) -> bool:
    try:
        return requests.get(f"{node.url}/api/health/live", timeout=5).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def cluster(s3_bucket, tmp_path) -> Iterator[dict[str, Node]]:
    prefix = f"{settings.TEST_BROKER_PREFIX}scale-{uuid.uuid4().hex[:8]}:"
    shared = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "WELKOM_TEST_BROKER_PREFIX": prefix,
        "WELKOM_TEST_REDIS_CACHE": "true",
        "WELKOM_TRANSLATION_INLINE": "false",
        "WELKOM_CHAT_LONG_POLL_SECONDS": str(WAIT),
        "WELKOM_LOGIN_RATE": f"{LOGIN_RATE}/min",
        "WELKOM_WEB_WORKERS": "1",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [os.environ.get("PYTHONPATH", ""), str(ROOT), str(ROOT / "backend")])
        ),
        **s3_bucket.environment(),
    }
    celery = [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
              "--without-heartbeat", "--without-gossip", "--without-mingle"]  # fmt: skip
    nodes = {
        "web_a": Node("web A", image_command(), tmp_path / "web-a", shared, port=_free_port()),
        "web_b": Node("web B", image_command(), tmp_path / "web-b", shared, port=_free_port()),
        "worker_a": Node(
            "worker A",
            [*celery, "-Q", "default,notifications", "-n", f"a-{prefix}@%h"],
            tmp_path / "worker-a",
            shared,
        ),
        "worker_b": Node(
            "worker B", [*celery, "-Q", "translation", "-n", f"b-{prefix}@%h"], tmp_path / "worker-b", shared
        ),
    }
    try:
        for node in nodes.values():
            node.start()
        every = list(nodes.values())
        _wait_for(
            "both web processes", lambda: all(_serving(nodes[name]) for name in ("web_a", "web_b")), every
        )
        _wait_for(
            "both workers",
            lambda: all(
                " ready." in nodes[name].log.read_text(errors="replace") for name in ("worker_a", "worker_b")
            ),
            every,
        )
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()


class Browser:
    """A person's session, signed in on one node and used on any (the session lives in the database)."""

    def __init__(self, node: Node) -> None:
        self.http = requests.Session()
        self.http.get(f"{node.url}/login", timeout=30)

    def csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.http.cookies["csrftoken"]}

    def login(self, node: Node, email: str, password: str = PASSWORD) -> requests.Response:
        return self.http.post(
            f"{node.url}/api/auth/login",
            json={"email": email, "password": password},
            headers=self.csrf(),
            timeout=30,
        )

    def get(self, node: Node, path: str, **kwargs) -> requests.Response:  # type: ignore[no-untyped-def]
        return self.http.get(f"{node.url}{path}", timeout=kwargs.pop("timeout", 30), **kwargs)

    def post(self, node: Node, path: str, **kwargs) -> requests.Response:  # type: ignore[no-untyped-def]
        return self.http.post(
            f"{node.url}{path}", headers=self.csrf(), timeout=kwargs.pop("timeout", 60), **kwargs
        )


def test_two_nodes_share_files_packages_long_polls_and_throttles(cluster, org_a, s3_bucket, package_files):
    web_a, web_b = cluster["web_a"], cluster["web_b"]
    worker_b = cluster["worker_b"]
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists"])
    profile = make_profile(org_a)
    item = ChecklistItem.objects.get(checklist__profile=profile, template_item__key="rental-contract")
    channel = chat.team_channel_sync(team=org_a.team)
    _, api_key = translation_services.api_key_create(
        organisation=org_a.organisation, name="Two nodes", created_by=org_a["hr"]
    )

    # Sessions live in the database: signed in on one node, used on both.
    newcomer, lead, admin = Browser(web_a), Browser(web_b), Browser(web_a)
    email = org_a["newcomer"].email
    signed_in = [
        newcomer.login(web_a, email),
        lead.login(web_b, org_a["team_lead"].email),
        admin.login(web_a, org_a["admin"].email),
    ]
    assert [response.status_code for response in signed_in] == [200, 200, 200], [r.text for r in signed_in]
    # The login throttle counts attempts on both nodes together: three sign-ins above and two wrong
    # passwords for the newcomer (one on each node) use the five a minute; the sixth is refused on
    # either node.
    wrong = [
        Browser(web_b).login(web_b, email, "not-the-password"),
        Browser(web_a).login(web_a, email, "nope"),
    ]
    assert [response.status_code for response in wrong] == [400, 400], [r.text for r in wrong]
    assert Browser(web_b).login(web_b, email).status_code == 429
    assert Browser(web_a).login(web_a, email).status_code == 429

    # A document uploaded through web A downloads through web B (the newcomer's session works on both).
    upload = newcomer.post(
        web_a, f"/api/checklist-items/{item.pk}/documents",
        files={"file": ("contract.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    download = newcomer.get(web_b, f"/api/checklist-documents/{upload.json()['id']}")
    assert download.status_code == 200, download.text
    assert download.content == PDF

    # An export built by worker A downloads through web B.
    export = newcomer.post(web_a, "/api/privacy/exports")
    assert export.status_code in (201, 202), export.text
    export_url = f"/api/privacy/exports/{export.json()['id']}"
    _wait_for(
        "the export",
        lambda: newcomer.get(web_b, export_url).json()["status"] == "ready",
        list(cluster.values()),
    )
    archive = newcomer.get(web_b, f"{export_url}/download")
    assert archive.status_code == 200, archive.text
    assert any(
        name.endswith("contract.pdf") for name in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    )
    # Nothing of it was written to a node's own disk: it is all in the bucket.
    assert [node.local_files() for node in cluster.values()] == [[], [], [], []]
    assert any(key.startswith("private/exports/") for key in s3_bucket.keys(""))

    # A package installed through web A translates on worker B, which never saw it.
    assert not worker_b.packages.exists() or not any(worker_b.packages.glob("translate-*"))
    with package_files["en-pl"].open("rb") as handle:
        installed = admin.post(web_a, "/api/translation/packages", files={"file": handle})
    assert installed.status_code == 201, installed.text
    body = {"q": "Good morning", "source": "en", "target": "pl", "api_key": api_key}
    translated = requests.post(f"{web_b.url}/translate", json=body, timeout=120)
    assert translated.status_code == 200, translated.text
    assert translated.json()["translatedText"]
    assert (worker_b.packages / "translate-en_pl").is_dir()

    # A chat message posted through web A wakes a long poll held by web B.
    answer: dict[str, requests.Response] = {}

    def hold_poll() -> None:
        answer["poll"] = newcomer.get(
            web_b, f"/api/chat/channels/{channel.pk}/messages",
            params={"after": channel.last_seq, "wait": WAIT}, timeout=WAIT * 3,
        )  # fmt: skip

    poll = threading.Thread(target=hold_poll)
    poll.start()
    time.sleep(1)  # the poll is now waiting on web B
    assert "poll" not in answer
    text = "Welkom in het team!"
    message = {"body": text, "language": "nl"}
    posted = lead.post(web_a, f"/api/chat/channels/{channel.pk}/messages", json=message)
    assert posted.status_code == 201, posted.text
    poll.join(timeout=WAIT - 5)
    assert not poll.is_alive(), "web B's long poll did not wake up"
    assert answer["poll"].status_code == 200, answer["poll"].text
    assert [message["id"] for message in answer["poll"].json()["messages"]] == [posted.json()["id"]]
