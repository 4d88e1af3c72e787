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

import asyncio
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
sys.path[:0] = [str(ROOT)]
from bench import host  # noqa: E402

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
    stamp.write_text(wanted)  # packages built so far are kept if a later one is interrupted
    # Training a 32k SentencePiece vocabulary takes minutes: it is trained once (or taken from
    # bench/translation) and shared by the four packages.
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
            if PACKAGE_SIZE == "official" and not vocabulary.exists():
                vocabulary.parent.mkdir(parents=True, exist_ok=True)
                with zipfile.ZipFile(path) as archive:
                    vocabulary.write_bytes(archive.read(f"translate-en_{target}/sentencepiece.model"))
        files.append(path)
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

        # What the worker found about padding on this CPU is kept (it is keyed by package checksum).
        memory = INSTALLED / ".padding-ranges.json"
        kept = memory.read_bytes() if memory.exists() else None
        shutil.rmtree(INSTALLED, ignore_errors=True)
        if kept is not None:
            INSTALLED.mkdir(parents=True, exist_ok=True)
            memory.write_bytes(kept)
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

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 300) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{BASE}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Cookie", self.cookie)
        request.add_header("X-CSRFToken", self.CSRF)
        request.add_header("Referer", BASE + "/")
        with self.opener.open(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")


class Readers:
    """The 50 readers, long-polling like the browser app, as cheap as possible so that the bench
    measures Welkom and not itself: one asyncio event loop (aiohttp, one connection per reader) in
    one thread, whose CPU time is measured (``cpu_seconds``) and reported next to Welkom's."""

    def __init__(self, sessions: list[tuple[Session, str]], channel_id: int) -> None:
        self.sessions = sessions
        self.channel_id = channel_id
        self.seen_by: list[dict] = [{} for _ in sessions]
        self.requests = 0
        self.cpu_seconds = 0.0
        self.ready = threading.Event()
        self.errors: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, name="bench-readers", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.ready.wait(60)

    def thread_ident(self) -> int:
        assert self._thread.ident is not None
        return self._thread.ident

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)

    def _main(self) -> None:
        started = time.thread_time()
        try:
            asyncio.run(self._all())
        finally:
            self.cpu_seconds = time.thread_time() - started

    async def _all(self) -> None:
        import aiohttp

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None, sock_read=300)  # a loaded machine answers late
        async with aiohttp.ClientSession(
            BASE, connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
        ) as client:
            cursors = await asyncio.gather(*(self._first(client, session) for session, _ in self.sessions))
            self.ready.set()
            tasks = [
                asyncio.create_task(self._read(client, session, language, self.seen_by[n], answer["cursor"]))
                for n, ((session, language), answer) in enumerate(zip(self.sessions, cursors, strict=True))
            ]
            await self._stop.wait()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _first(self, client, session: Session) -> dict:  # type: ignore[no-untyped-def]
        while True:
            try:
                return await self._get(client, session, f"/api/chat/channels/{self.channel_id}/messages")
            except (OSError, asyncio.TimeoutError, ValueError) as error:  # noqa: UP041
                self.errors.append(repr(error))
                await asyncio.sleep(0.5)

    async def _get(self, client, session: Session, path: str) -> dict:  # type: ignore[no-untyped-def]
        self.requests += 1
        async with client.get(path, headers={"Cookie": session.cookie}) as response:
            return await response.json(content_type=None)

    async def _read(self, client, session: Session, language: str, seen: dict, cursor: int) -> None:  # type: ignore[no-untyped-def]
        """Notes when each message first arrived, and when it first arrived in this reader's language."""
        path = f"/api/chat/channels/{self.channel_id}/messages?wait=5&after="
        while True:
            try:
                answer = await self._get(client, session, f"{path}{cursor}")
            except (OSError, asyncio.TimeoutError, ValueError) as error:  # noqa: UP041
                self.errors.append(repr(error))
                await asyncio.sleep(0.5)
                continue
            now = time.perf_counter()
            for message in answer["messages"]:
                entry = seen.setdefault(message["id"], [None, None])
                if entry[0] is None:
                    entry[0] = now
                ready = (
                    message["shown"]["status"] in ("translated", "unavailable")
                    or message["language"] == language
                )
                if ready and entry[1] is None:
                    entry[1] = now
            cursor = answer["cursor"]
            if answer.get("retry_after"):  # as the browser app does
                await asyncio.sleep(answer["retry_after"])


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


# The first start on a host measures where padding changes CTranslate2's numbers (remembered
# afterwards): minutes for four official-size models on 2 cores.
WARM_UP_SECONDS = 900
GROUP_NAMES = (
    ["web (gunicorn)", "translation worker", "default worker"]
    if ENGINE == "argos"
    else ["web (gunicorn)", "worker (all queues)"]
)


def readers_loop_cpu(readers: Readers) -> float:
    """CPU seconds the readers' thread has used so far (read from another thread)."""
    return time.clock_gettime(time.pthread_getcpuclockid(readers.thread_ident()))


def batching_line() -> str:
    """How the translation worker batches each package's sentences (it depends on the CPU): what
    the worker published when it loaded the models."""
    if ENGINE != "argos":
        return "none (test double)"
    from welkom.translation.engine import batching_modes

    modes = batching_modes()
    if not modes:
        return "not published (no model loaded yet?)"
    return "; ".join(f"{pair}: {entry['mode']}" for pair, entry in sorted(modes.items()))


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
            "POST",
            f"/api/chat/channels/{channel_id}/messages",
            {"body": "Warming up.", "language": "en"},
            timeout=600,  # the first request of each process imports and connects (slow when loaded)
        )
        if not wait_translated(warm_up["id"], len(LANGUAGES) - 1, WARM_UP_SECONDS):
            print(f"The warm-up message was not translated within {WARM_UP_SECONDS} s", flush=True)
        batching = batching_line()
        readers_loop = Readers(sessions, channel_id)
        readers_loop.start()
        seen_by = readers_loop.seen_by
        time.sleep(2)

        groups = {name: process.pid for name, process in zip(GROUP_NAMES, processes, strict=False)}
        load_start = uptime()
        cpu_start = host.group_cpu_seconds(groups), host.MachineCpu.busy_seconds(), time.process_time()
        readers_cpu_start, requests_start = readers_loop_cpu(readers_loop), readers_loop.requests
        window_start = time.perf_counter()
        posted: dict[int, float] = {}
        print(f"Posting {MESSAGES} messages, one every {GAP} s …", flush=True)
        with host.LoadSampler() as during:
            for n in range(MESSAGES):
                # On a fixed schedule: a slow answer does not slow the rate down.
                time.sleep(max(0.0, window_start + n * GAP - time.perf_counter()))
                start = time.perf_counter()
                message = lead.call(
                    "POST",
                    f"/api/chat/channels/{channel_id}/messages",
                    {"body": f"Message {n}: pallets at dock {n % 7}", "language": "en"},
                )
                posted[message["id"]] = start
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline and not all(
                all(seen.get(mid, [None, None])[1] is not None for seen in seen_by) for mid in posted
            ):
                time.sleep(0.2)
        window = time.perf_counter() - window_start
        cpu_end = host.group_cpu_seconds(groups), host.MachineCpu.busy_seconds(), time.process_time()
        readers_cpu = readers_loop_cpu(readers_loop) - readers_cpu_start
        readers_loop.stop()
        reader_requests = readers_loop.requests - requests_start
        load_end = uptime()
        time.sleep(10)
        load_after = uptime()

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
        print(host.describe())
        print(f"Batching chosen by the translation worker: {batching}")
        print(f"Load before the bench: {load_before}")
        print(f"Load when posting began: {load_start}")
        print(f"Load while posting (1-minute average, every second): {during.summary()}")
        print(f"Load at the end: {load_end}")
        print(f"Load 10 s after: {load_after}")
        used = {name: cpu_end[0][name] - cpu_start[0][name] for name in groups}
        ours = sum(used.values()) + (cpu_end[2] - cpu_start[2])
        machine = cpu_end[1] - cpu_start[1]
        print(
            f"CPU over the {window:.0f} s of posting and reading (seconds; {host.cores()} cores ="
            f" {host.cores() * window:.0f} s available): "
            + ", ".join(f"{name} {value:.1f}" for name, value in used.items())
            + f", bench process {cpu_end[2] - cpu_start[2]:.1f} (of which the 50 readers' event loop"
            f" {readers_cpu:.1f}: {1000 * readers_cpu / max(reader_requests, 1):.2f} ms per request,"
            f" {reader_requests} requests); whole machine {machine:.1f}, so other jobs"
            f" {max(0.0, machine - ours):.1f}"
        )
        if readers_loop.errors:
            print(f"Reader errors: {len(readers_loop.errors)}, e.g. {readers_loop.errors[:3]}")
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
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
