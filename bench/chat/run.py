"""Bench: a 50-member team channel reading 5 languages.

Runs the production shape on this machine: gunicorn (gthread workers, as in docker-compose.yml),
a Celery worker on Redis consuming the translation queue, PostgreSQL, and 50 readers that each log
in over HTTP and long-poll the channel like the browser app. The team lead posts messages; we
measure translations made per message and the time from posting until every reader has the
message, and until every reader has it in their own language.

Two engines (``BENCH_ENGINE``):

- ``double`` (default): the deterministic TEST DOUBLE (tests/chat/translator_double.py). These
  figures measure the chat's plumbing (queueing, storage, long polling), not translation speed.
- ``argos``: the real path. Argos packages en→nl, en→pl, en→ro and en→uk are built with the
  project's package builder (random weights, so the words are nonsense; every step around the
  model is real: argostranslate, SentencePiece, CTranslate2 beam search), installed from files, and
  a translation worker (threads pool, as in the Procfile) consumes the ``translation`` queue with the
  models loaded; a second worker takes the default and notification queues. ``BENCH_PACKAGES=small``
  (default) builds test-sized models; ``official`` builds models the size of an official Argos
  package (6+6 layers, width 512, 32k vocabulary, int8; slow to build the first time).

    make bench-chat                          # BENCH_MESSAGES=20 BENCH_GAP=1.0 by default
    make bench-chat BENCH_ENGINE=argos       # the real engine, small packages
    make bench-chat BENCH_ENGINE=argos BENCH_PACKAGES=official

The machine is shared (other jobs on 2 cores): the load average is printed before and after.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
PYTHON = ROOT / ".venv" / "bin" / "python"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/welkom_chat_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "20"))
GAP = float(os.environ.get("BENCH_GAP", "1.0"))
LANGUAGES = ["nl", "en", "pl", "ro", "uk"]
MEMBERS = 50
ENGINE = os.environ.get("BENCH_ENGINE", "double")
PACKAGE_SIZE = os.environ.get("BENCH_PACKAGES", "small")
WORK = ROOT / "var" / "bench" / "chat"
PACKAGE_FILES = WORK / f"packages-{PACKAGE_SIZE}"
INSTALLED = WORK / "installed"
NAMES = {"en": "English", "nl": "Dutch", "pl": "Polish", "ro": "Romanian", "uk": "Ukrainian"}
TRANSLATORS = {
    "double": "tests.chat.translator_double.ReversibleTestTranslator",
    "argos": "welkom.chat.translation_port.ArgosTranslator",
}
if ENGINE not in TRANSLATORS or PACKAGE_SIZE not in ("small", "official"):
    raise SystemExit("BENCH_ENGINE is double or argos; BENCH_PACKAGES is small or official")

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "WELKOM_CHAT_TRANSLATOR": TRANSLATORS[ENGINE],
    "WELKOM_TRANSLATION_PACKAGES_DIR": str(INSTALLED),
    "WELKOM_TRANSLATION_CACHE_SECONDS": "0",  # every message goes through the model
    "WELKOM_CHAT_LONG_POLL_WAITERS": "36",  # below gunicorn's 40 threads per process (see below)
    "PYTHONPATH": f"{ROOT}{os.pathsep}{BACKEND}",
}


def uptime() -> str:
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=True, env={**os.environ, "TZ": "UTC"}
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def build_packages() -> list[Path]:
    """The four English→reader packages, built once per size and builder version (kept in var/)."""
    sys.path[:0] = [str(ROOT), str(BACKEND)]
    from welkom.translation.package_builder import ModelShape, build_package

    shape = ModelShape.official() if PACKAGE_SIZE == "official" else ModelShape()
    builder = hashlib.sha256(Path(build_package.__code__.co_filename).read_bytes()).hexdigest()
    wanted = repr(shape) + builder
    stamp = PACKAGE_FILES / "shape.txt"
    if not stamp.exists() or stamp.read_text() != wanted:
        shutil.rmtree(PACKAGE_FILES, ignore_errors=True)
    PACKAGE_FILES.mkdir(parents=True, exist_ok=True)
    # Training a 32k SentencePiece vocabulary takes minutes: reuse bench/translation's when it exists.
    vocabulary = ROOT / "var" / "bench" / "translation" / "sentencepiece-32k.model"
    files = []
    for seed, target in enumerate(language for language in LANGUAGES if language != "en"):
        path = PACKAGE_FILES / f"translate-en_{target}.argosmodel"
        if not path.exists():
            print(f"Building the en→{target} package ({PACKAGE_SIZE}) …", flush=True)
            started = time.perf_counter()
            build_package(
                path,
                from_code="en",
                to_code=target,
                from_name="English",
                to_name=NAMES[target],
                shape=shape,
                seed=seed,
                sentencepiece_model=vocabulary
                if PACKAGE_SIZE == "official" and vocabulary.exists()
                else None,
            )
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        files.append(path)
    stamp.write_text(wanted)
    return files


def prepare_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=BACKEND, env=ENV, check=True)


def seed() -> tuple[int, list[tuple[str, str]], str]:
    """An organisation with a team of 50: ten readers per language. Returns channel id, readers
    (email, language) and the lead's e-mail."""
    os.environ.update(ENV)
    sys.path[:0] = [str(ROOT), str(BACKEND)]
    import django

    django.setup()
    if ENGINE == "argos":
        from welkom.translation import packages

        shutil.rmtree(INSTALLED, ignore_errors=True)
        for path in build_packages():
            packages.install_package(path)
        print(f"Installed: {', '.join(p.pair for p in packages.installed_packages())}", flush=True)
    from welkom.accounts import services as accounts
    from welkom.accounts.models import Role, TeamMembership, User
    from welkom.chat import services as chat

    organisation = accounts.organisation_create(name="Bench", slug="bench")
    people = []
    for n in range(MEMBERS):
        language = LANGUAGES[n % len(LANGUAGES)]
        role = Role.TEAM_LEAD if n == 1 else Role.COLLEAGUE
        user = User.objects.create(
            email=f"reader{n}@bench.test",
            organisation=organisation,
            role=role,
            full_name=f"Reader {n}",
            language="en",
        )
        chat.reading_language_set(user=user, language=language)
        people.append((user, language))
    lead = people[1][0]
    team = accounts.team_create(organisation=organisation, name="Warehouse", lead=lead)
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=team, user=user) for user, _ in people if user != lead]
    )
    channel = chat.team_channel_sync(team=team)
    return channel.pk, [(user.email, language) for user, language in people], lead.email


def session_of(email: str) -> str:
    """A logged-in session made on the server side (logging 50 people in over HTTP would trip the
    login rate limit, which is not what this bench measures)."""
    from django.test import Client

    from welkom.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.cookies["sessionid"].value


class Session:
    CSRF = "benchcsrfsecret0123456789abcdefg"  # any 32-character secret works as cookie and header

    def __init__(self, email: str) -> None:
        self.cookie = f"sessionid={session_of(email)}; csrftoken={self.CSRF}"
        self.opener = urllib.request.build_opener()

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 60) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{BASE}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Cookie", self.cookie)
        request.add_header("X-CSRFToken", self.CSRF)
        request.add_header("Referer", BASE + "/")
        with self.opener.open(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")


def reader(session: Session, channel_id: int, language: str, seen: dict, done: threading.Event) -> None:
    """Long-polls like the browser app and notes when each message first arrived, and when it first
    arrived in this reader's language."""
    cursor = session.call("GET", f"/api/chat/channels/{channel_id}/messages")["cursor"]
    while not done.is_set():
        answer = session.call("GET", f"/api/chat/channels/{channel_id}/messages?after={cursor}&wait=5")
        now = time.perf_counter()
        for message in answer["messages"]:
            first, readable = seen.setdefault(message["id"], [None, None])
            if first is None:
                seen[message["id"]][0] = now
            ready = (
                message["shown"]["status"] in ("translated", "unavailable") or message["language"] == language
            )
            if ready and readable is None:
                seen[message["id"]][1] = now
        cursor = answer["cursor"]
        if answer.get("retry_after"):  # as the browser app does
            time.sleep(answer["retry_after"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def workers() -> list[subprocess.Popen]:
    celery = str(ROOT / ".venv/bin/celery")
    common = ["-A", "config", "worker", "--without-gossip", "--without-mingle", "-l", "warning"]
    if ENGINE == "double":
        commands = [[celery, *common, "-Q", "translation,default,notifications", "--concurrency", "2"]]
    else:
        # As in the Procfile: one worker holds the models and takes the translation queue (threads,
        # so they share the loaded models); another takes everything else.
        tag = os.getpid()
        commands = [
            [
                celery,
                *common,
                "-Q",
                "translation",
                "--pool",
                "threads",
                "--concurrency",
                "8",
                "-n",
                f"bench-chat-translation-{tag}@%h",
            ],
            [
                celery,
                *common,
                "-Q",
                "default,notifications",
                "--concurrency",
                "1",
                "-n",
                f"bench-chat-default-{tag}@%h",
            ],
        ]
    return [subprocess.Popen(command, cwd=BACKEND, env=ENV, start_new_session=True) for command in commands]


def wait_translated(message_id: int, expected: int, seconds: float) -> bool:
    from welkom.chat.models import MessageTranslation

    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if MessageTranslation.objects.filter(message_id=message_id).count() >= expected:
            return True
        time.sleep(0.2)
    return False


def main() -> None:
    load_before = uptime()
    print(f"Engine: {ENGINE}" + (f" ({PACKAGE_SIZE} packages)" if ENGINE == "argos" else ""), flush=True)
    print(f"Preparing {DATABASE_URL} …", flush=True)
    prepare_database()
    channel_id, readers, lead_email = seed()
    processes = [
        subprocess.Popen(
            [
                ROOT / ".venv/bin/gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--worker-class",
                "gthread",
                "--workers",
                "2",
                "--threads",
                "40",
                "--log-level",
                "warning",
            ],
            cwd=BACKEND,
            env=ENV,
            start_new_session=True,
        ),
        *workers(),
    ]
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/api/health", timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # it answers (the health check may report the worker as not yet seen)
            except OSError:
                time.sleep(0.2)
        time.sleep(2)  # let the worker connect
        print(f"Logging in {len(readers)} readers …", flush=True)
        sessions = [(Session(email), language) for email, language in readers]
        lead = Session(lead_email)
        # One message before measuring: the workers' first task loads what is loaded lazily.
        warm_up = lead.call(
            "POST", f"/api/chat/channels/{channel_id}/messages", {"body": "Warming up.", "language": "en"}
        )
        if not wait_translated(warm_up["id"], len(LANGUAGES) - 1, 120):
            print("The warm-up message was not translated within 120 s", flush=True)
        done = threading.Event()
        seen_by: list[dict] = [{} for _ in sessions]
        threads = [
            threading.Thread(
                target=reader, args=(session, channel_id, language, seen_by[i], done), daemon=True
            )
            for i, (session, language) in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)

        posted: dict[int, float] = {}
        print(f"Posting {MESSAGES} messages, one every {GAP} s …", flush=True)
        for n in range(MESSAGES):
            start = time.perf_counter()
            message = lead.call(
                "POST",
                f"/api/chat/channels/{channel_id}/messages",
                {"body": f"Message {n}: pallets at dock {n % 7}", "language": "en"},
            )
            posted[message["id"]] = start
            time.sleep(GAP)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(
            all(seen.get(mid, [None, None])[1] is not None for seen in seen_by) for mid in posted
        ):
            time.sleep(0.2)
        done.set()

        from django.db.models import Max

        from welkom.chat.models import Message, MessageTranslation

        per_message = [MessageTranslation.objects.filter(message_id=mid).count() for mid in posted]
        by_status = {
            status: MessageTranslation.objects.filter(message_id__in=list(posted), status=status).count()
            for status in ("translated", "unavailable")
        }
        stored = [
            (row["last"] - row["created_at"]).total_seconds()
            for row in Message.objects.filter(pk__in=list(posted))
            .annotate(last=Max("translations__created_at"))
            .values("created_at", "last")
        ]
        arrive = [
            max(seen[mid][0] for seen in seen_by) - posted[mid]
            for mid in posted
            if all(seen.get(mid, [None])[0] for seen in seen_by)
        ]
        readable = [
            max(seen[mid][1] for seen in seen_by) - posted[mid]
            for mid in posted
            if all(seen.get(mid, [None, None])[1] for seen in seen_by)
        ]
        order = {mid: n for n, mid in enumerate(posted)}
        slowest = max(
            (mid for mid in posted if all(seen.get(mid, [None])[0] for seen in seen_by)),
            key=lambda mid: max(seen[mid][0] for seen in seen_by) - posted[mid],
            default=None,
        )
        translator = (
            "TEST DOUBLE"
            if ENGINE == "double"
            else f"Argos ({PACKAGE_SIZE} packages from the package builder)"
        )
        print()
        print(f"Machine ({os.cpu_count()} cores) before: {load_before}")
        print(f"Machine ({os.cpu_count()} cores) after:  {uptime()}")
        print(
            f"Channel: {MEMBERS} members reading {len(LANGUAGES)} languages ({', '.join(LANGUAGES)}); "
            f"{MESSAGES} messages written in English, one every {GAP} s; translator: {translator}"
        )
        print(
            f"Translations per message: min {min(per_message)}, max {max(per_message)} "
            f"(one per reading language other than the original's: {len(LANGUAGES) - 1}); "
            f"{by_status['translated']} translated, {by_status['unavailable']} unavailable"
        )
        if slowest is not None:
            late = sorted(
                (max(seen[slowest][0] for seen in seen_by) - posted[slowest], n)
                for n, seen in enumerate(seen_by)
            )[-3:]
            print(
                f"Slowest to arrive: message {order[slowest] + 1} of {len(posted)}; its last readers"
                f" (seconds, reader): {[(round(t, 2), n) for t, n in late]}"
            )
        print(
            f"Post → all translations stored (worker): p50 {percentile(stored, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(stored, 0.95) * 1000:.0f} ms"
        )
        for label, values in (
            ("every reader has the message", arrive),
            ("every reader has it in their language", readable),
        ):
            if len(values) < len(posted):
                print(f"{label}: only {len(values)}/{len(posted)} messages reached every reader")
            if values:
                print(
                    f"Post → {label}: p50 {percentile(values, 0.5) * 1000:.0f} ms, "
                    f"p95 {percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
                )
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
