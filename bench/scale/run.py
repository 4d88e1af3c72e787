"""Bench: the same load against one web process and against two (docs/scaling.md).

The load is what a group of newcomers does on a Monday morning: each opens the home screen
(``/api/me``, ``/api/journeys/today``, ``/api/checklists/upcoming``) and posts in the team chat.
It runs twice on the demo data (``seed_demo``) in a database of its own: against one gunicorn web
process (the image's command, one process), then against two such processes with folders of their
own, sharing PostgreSQL, Redis and the storage, behind a load balancer. The figure is the ratio of
the two throughputs.

The proxy: no nginx, Caddy or HAProxy is installed on the development machines, so the load
generator itself alternates between the two nodes, request by request (what a round-robin proxy
does, without its cost). With a proxy installed, set ``BENCH_PROXY_URL`` (for instance Caddy with
``reverse_proxy 127.0.0.1:PORT_A 127.0.0.1:PORT_B``, ports from ``BENCH_PORTS=a,b``) and the second
run goes through it.

On this 2-core machine, shared with other jobs, two processes cannot be twice as fast: the point is
a ratio near or above 1, showing that nothing is serialised on a resource local to one process
(a file lock, a local cache, a process-wide lock). The load generator shares the cores; it is one
process with a few threads. The load average is printed before and after, and the CPU model.

    make bench-scale                      # BENCH_REQUESTS=300 BENCH_CLIENTS=6 by default
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
VENV_BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/welkom_bench_scale")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "6"))
PROXY_URL = os.environ.get("BENCH_PROXY_URL", "")
PASSWORD = "welkom-demo-2026"
NEWCOMER = "newcomer@demo.welkom.test"
HOME = ["/api/me", "/api/journeys/today", "/api/checklists/upcoming"]

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "WELKOM_WEB_WORKERS": "1",
    "WELKOM_LOGIN_RATE": "1000/min",
    "WELKOM_TRANSLATION_INLINE": "false",
    "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _cpu() -> str:
    for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
        if line.startswith("Model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def prepare_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "-v", "0"], ["seed_demo"]):
        subprocess.run([str(VENV_BIN / "python"), "manage.py", *command], cwd=BACKEND, env=ENV, check=True)


def image_command() -> list[str]:
    import json

    dockerfile = (BACKEND / "Dockerfile").read_text()
    [line] = [line for line in dockerfile.splitlines() if line.startswith("CMD ")]
    return list(json.loads(line.removeprefix("CMD ")))


class Web:
    """One web node: gunicorn, one process, with folders of its own."""

    def __init__(self, folder: Path, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        folder.mkdir(parents=True)
        env = {
            **ENV,
            "WELKOM_WEB_BIND": f"127.0.0.1:{port}",
            "WELKOM_VAR_DIR": str(folder),
            "WELKOM_TRANSLATION_PACKAGES_DIR": str(folder / "translation"),
        }
        self.process = subprocess.Popen(
            image_command(), cwd=BACKEND, env=env, start_new_session=True,
            stdout=(folder / "web.log").open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn on {port} stopped: see {folder / 'web.log'}")
            try:
                if requests.get(f"{self.url}/api/health/live", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn on {port} did not answer")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def login(url: str) -> requests.Session:
    http = requests.Session()
    http.get(f"{url}/login", timeout=30)
    response = http.post(
        f"{url}/api/auth/login",
        json={"email": NEWCOMER, "password": PASSWORD},
        headers={"X-CSRFToken": http.cookies["csrftoken"]},
        timeout=30,
    )
    response.raise_for_status()
    return http


def run_load(urls: list[str], channel: int) -> tuple[float, int]:
    """Seconds for REQUESTS home screens plus chat posts from CLIENTS threads, and the errors."""
    sessions = [login(urls[0]) for _ in range(CLIENTS)]
    counter = iter(range(REQUESTS))
    lock = threading.Lock()
    errors = [0]

    def client(http: requests.Session) -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            url = urls[n % len(urls)]
            try:
                if n % 4 == 3:
                    response = http.post(
                        f"{url}/api/chat/channels/{channel}/messages",
                        json={"body": f"Goedemorgen {n}", "language": "nl"},
                        headers={"X-CSRFToken": http.cookies["csrftoken"]},
                        timeout=60,
                    )
                    ok = response.status_code == 201
                else:
                    ok = all(http.get(f"{url}{path}", timeout=60).status_code == 200 for path in HOME)
            except requests.RequestException:
                ok = False
            if not ok:
                with lock:
                    errors[0] += 1

    threads = [threading.Thread(target=client, args=(http,)) for http in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, errors[0]


def team_channel() -> int:
    http = login(nodes_one[0].url)
    channels = http.get(f"{nodes_one[0].url}/api/chat/channels", timeout=30).json()
    results = channels["results"] if isinstance(channels, dict) else channels
    return int(results[0]["id"])


nodes_one: list[Web] = []


def main() -> None:
    print(f"{_cpu()}; {os.cpu_count()} CPUs; load average before: {_load()}", flush=True)
    print(f"Preparing {DATABASE_URL} (migrate, seed_demo) …", flush=True)
    prepare_database()
    work = Path(tempfile.mkdtemp(prefix="welkom-bench-scale-"))
    ports = [int(port) for port in os.environ.get("BENCH_PORTS", "").split(",") if port] or [
        _free_port(),
        _free_port(),
    ]
    figures: dict[str, float] = {}
    try:
        nodes_one.append(Web(work / "one", ports[0]))
        channel = team_channel()
        run_load([nodes_one[0].url], channel)  # warm-up: connections, imports, caches
        seconds, errors = run_load([nodes_one[0].url], channel)
        figures["one"] = REQUESTS / seconds
        print(
            f"one web process:  {figures['one']:.1f} units/s ({seconds:.1f} s, {errors} errors)", flush=True
        )
        second = Web(work / "two", ports[1])
        urls = [PROXY_URL] if PROXY_URL else [nodes_one[0].url, second.url]
        run_load(urls, channel)
        seconds, errors = run_load(urls, channel)
        figures["two"] = REQUESTS / seconds
        how = "through the proxy" if PROXY_URL else "alternating request by request"
        print(f"two web processes ({how}): {figures['two']:.1f} units/s ({seconds:.1f} s, {errors} errors)")
        second.stop()
    finally:
        for node in nodes_one:
            node.stop()
    print(f"ratio two / one: {figures['two'] / figures['one']:.2f}")
    print(f"(a unit: one home screen of 3 calls, or one chat post; {REQUESTS} units, {CLIENTS} clients)")
    print(f"load average after: {_load()}")


if __name__ == "__main__":
    sys.exit(main())
