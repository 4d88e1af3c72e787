"""Exactly once under faults, with real Celery worker processes on Redis.

The worker runs as a subprocess (``celery -A config worker``) on the test database, so it can be
killed with SIGKILL mid-batch; Redis is a private ``redis-server`` on another port for the restart
test. Beat is played by the test: it sends two tick tasks at once, every second, as a too-eager beat
would. At the end every due step is sent, each delivery row is sent, and each e-mail was handed to
the mail backend exactly once, except that a SIGKILL landing between the mail server taking a
message and the delivery row's commit hands that one message over again, with the same Message-ID.

The worker is another process and does not share the test's clock, so each tick carries its moment
(``now``): a test clock that starts on a Monday morning in Amsterdam and runs with the real one, so
quiet hours never hold the e-mails whatever the hour the suite runs, and a delivery whose message
was lost still goes stale and is queued again by a later tick.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from tests.clocks import without_faketime
from tests.factories import UserFactory
from tests.journeys.conftest import make_profile
from welkom.journeys import services
from welkom.journeys.models import JourneyTemplate, PlanStep, StepState
from welkom.notifications.models import Delivery

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.redis_only(
        reason="what is tested is Redis giving a killed worker's unacknowledged messages back (visibility "
        "timeout) and a Redis restart; the on-disk broker has neither (the requeue sweep covers a loss)"
    ),
]
ROOT = Path(__file__).resolve().parents[2]
NEWCOMERS = 25  # x 3 ready steps x (e-mail + push + in-app)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, broker: str, prefix: str, mail_dir: Path) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": broker,
            "WELKOM_TEST_BROKER_PREFIX": prefix,
            "WELKOM_TEST_VISIBILITY_TIMEOUT": "4",
            "WELKOM_NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "4",
            "WELKOM_JOURNEYS_DISPATCH_BATCH": "10",
            "DJANGO_EMAIL_BACKEND": "tests.journeys.mailbox.CountingFileBackend",
            "WELKOM_TEST_MAIL_DIR": str(mail_dir),
            "WELKOM_TEST_MAIL_DELAY": "0.05",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [os.environ.get("PYTHONPATH", ""), str(ROOT), str(ROOT / "backend")])
            ),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "default,notifications",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"fault-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=ROOT / "backend",
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@pytest.fixture(autouse=True)
def _broker_from_the_app_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Celery takes CELERY_BROKER_URL from the environment before an app's own ``broker_url``
    (``celery.app.utils.Settings.broker_url``). Exported for a run outside make's lanes, it sent the
    beat's ticks to that broker instead of this test's own Redis, and the test waited 150 s for
    steps no worker was asked to send."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("CELERY_RESULT_BACKEND", raising=False)


def _beat(broker: str, prefix: str) -> Celery:
    app = Celery("fault-beat", set_as_current=False)
    app.conf.update(
        broker_url=broker,
        broker_transport_options={"global_keyprefix": prefix},
        task_queues=settings.CELERY_TASK_QUEUES,
        task_default_queue="default",
        broker_connection_retry_on_startup=True,
    )
    return app


class PlayedClock:
    """The moment the played beat gives each tick: 11:00 on a Monday in Amsterdam, running on."""

    def __init__(self, start: datetime = datetime(2026, 1, 19, 10, 0, tzinfo=UTC)) -> None:
        self.start = start
        self.started = time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)


CLOCK = PlayedClock()


def _tick_twice(app: Celery) -> None:
    moment = {"now": CLOCK.now().isoformat()}
    try:
        for _ in range(2):  # two ticks at once
            app.send_task("welkom.journeys.tasks.dispatch_tick", kwargs=moment, queue="default", expires=30)
    except Exception:  # Redis may be down at this moment; the next tick will do
        pass


def _plans(org) -> int:
    small = JourneyTemplate.objects.get(slug="small")
    for index in range(NEWCOMERS):
        user = UserFactory(organisation=org.organisation, role="newcomer", email=f"f{index}@alpha.test")
        profile = make_profile(org, user=user, arrival=date(2026, 1, 5), first_day=date(2026, 1, 12))
        services.plan_create(profile=profile, template=small, created_by=org["hr"])
    return PlanStep.objects.filter(waiting=False).count()


def _mail_counts(mail_dir: Path) -> Counter[str]:
    return Counter(path.name.rsplit(".", 1)[0] for path in mail_dir.iterdir())


def _wait(condition, timeout: float, app: Celery, worker: Worker) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if not worker.alive():
            worker.start()
        _tick_twice(app)
        time.sleep(1)
    return False


def _all_sent(expected_steps: int) -> bool:
    return (
        PlanStep.objects.filter(state=StepState.SENT).count() == expected_steps
        and not Delivery.objects.filter(status="pending").exists()
    )


def _assert_exactly_once(expected_steps: int, mail_dir: Path, kills: int = 0) -> None:
    assert PlanStep.objects.filter(state=StepState.SENT).count() == expected_steps
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == expected_steps
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert Delivery.objects.filter(channel="in_app", status="sent").count() == expected_steps
    counts = _mail_counts(mail_dir)
    assert len(counts) == expected_steps, "an e-mail was lost"
    # Each e-mail reached the mailbox under one Message-ID. A process killed after the mail server
    # took a message but before the row's commit hands that one message over again on retry (no
    # sender can rule this out); it carries the same Message-ID, so the mailbox shows it once. Only
    # a kill can cause that, and at most once per kill.
    handed_over_twice = sum(count - 1 for count in counts.values())
    assert handed_over_twice <= kills, f"sent twice: {[k for k, v in counts.items() if v > 1]}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def test_sigkill_mid_batch_then_restart_sends_everything_once(org_a, small_template, mail_dir):
    expected = _plans(org_a)
    broker, prefix = settings.CELERY_BROKER_URL, f"fault-{uuid.uuid4().hex[:8]}:"
    app = _beat(broker, prefix)
    worker = Worker(broker, prefix, mail_dir)
    worker.start()
    try:
        # Ticks expire after 30 s, and on a loaded machine the worker may take longer to start: tick
        # again every 2 s until mail flows (ticks are safe to repeat: that is part of what is tested).
        deadline = time.monotonic() + 180
        next_tick = 0.0
        while len(list(mail_dir.iterdir())) < 5 and time.monotonic() < deadline:
            if time.monotonic() >= next_tick:
                _tick_twice(app)
                next_tick = time.monotonic() + 2
            time.sleep(0.05)
        worker.kill()  # mid-batch: some e-mails out, most not
        sent_before = len(list(mail_dir.iterdir()))
        assert 0 < sent_before < expected
        worker.start()
        assert _wait(lambda: _all_sent(expected), 120, app, worker), "not everything was sent"
        _assert_exactly_once(expected, mail_dir, kills=1)
    finally:
        worker.stop()
        app.close()


@pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs redis-server to start a private Redis"
)
def test_redis_restart_mid_tick_loses_nothing_and_sends_nothing_twice(
    org_a, small_template, mail_dir, tmp_path
):
    expected = _plans(org_a)
    port = _free_port()  # parallel runs each start their own
    broker, prefix = f"redis://127.0.0.1:{port}/0", "fault-redis:"

    def start_redis() -> subprocess.Popen[bytes]:
        # Redis keeps the real clock, as in production (and it does not run under libfaketime).
        process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=without_faketime(),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, env=without_faketime(), timeout=5
            )
            if ping.returncode == 0:
                break
            time.sleep(0.1)
        return process

    redis = start_redis()
    app = _beat(broker, prefix)
    worker = Worker(broker, prefix, mail_dir)
    worker.start()
    try:
        _tick_twice(app)
        deadline = time.monotonic() + 60
        while len(list(mail_dir.iterdir())) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        redis.terminate()  # queued messages are gone with it (no persistence)
        redis.wait(timeout=10)
        time.sleep(1)
        redis = start_redis()
        assert _wait(lambda: _all_sent(expected), 150, app, worker), "not everything was sent"
        _assert_exactly_once(expected, mail_dir)
    finally:
        worker.stop()
        app.close()
        redis.terminate()
        redis.wait(timeout=10)
