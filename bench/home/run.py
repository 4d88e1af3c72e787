"""Bench: the newcomer's home (Today) against a bare Django JSON view, side by side.

gunicorn (2 gthread workers, the project's ``backend/gunicorn.conf.py``) serves a database prepared
with the demo content and 50 newcomers, each with a journey plan, checklists and the notifications
of the steps already due. One newcomer is signed in (a session cookie); ``wrk`` then measures, on the
same server with the same session, in rounds:

- ``/bench/bare``: a plain Django view that reads the session's user and answers JSON (the bench's
  own URLconf, ``bench/home/urls.py``; not part of the product);
- each call the home makes when it opens (``HOME_CALLS``, from ``frontend/src``: the session's
  ``/api/me``, the bell's unread count, ``TodayPanel``'s today and plan, ``DueNextPanel``);
- the whole home: all those calls in turn on every connection (``bench/home/home.lua``).

Each measurement of a call stands between two of the bare view, and its ratio is its requests/s
over the mean of those two: a shared host's speed drifts (the bare view alone gave 560-1060
requests/s from one run to the next), and a ratio to a bare figure taken a minute earlier measured
the drift as much as the call. It prints requests/s and each call's ratio (median and range over
the rounds); the home's ratio is its calls/s over the bare view's requests/s (home loads/s over
what the same number of bare requests would give), and where the time goes: milliseconds of CPU
per request in the web server (gunicorn's processes), PostgreSQL, Redis and the whole machine
(from /proc; "all" includes wrk and anything else running). Targets: every call and the whole home
at or above 0.5. wrk runs on the same cores as the server (one thread, ``BENCH_CONNECTIONS``
connections); the machine's load before and after is printed.

    make bench-home                                # 3 rounds, 5 s per measurement (about 4 minutes)
    make bench-home BENCH_ROUNDS=5 BENCH_SECONDS=10
    BENCH_KEEP_DB=1 make bench-home                # reuse the database of the last run
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
PYTHON = ROOT / ".venv" / "bin" / "python"
HERE = Path(__file__).resolve().parent

NEWCOMERS = 50
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/welkom_bench_home")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
KEEP_DB = os.environ.get("BENCH_KEEP_DB") == "1"
SIGNED_IN = "newcomer@demo.welkom.test"
# What the newcomer's home asks for when it opens ({plan}: the plan's id, from today's answer).
HOME_CALLS = [
    "/api/me",
    "/api/notifications/unread",
    "/api/journeys/today",
    "/api/journeys/plans/{plan}",
    "/api/checklists/upcoming?page_size=3",
]
BARE = "/bench/bare"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.home.settings",
    "DJANGO_DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "WELKOM_WEB_WORKERS": "2",
    "WELKOM_WEB_BIND": f"127.0.0.1:{PORT}",
    "PYTHONPATH": f"{ROOT}{os.pathsep}{BACKEND}",
}


def cpu_model() -> str:
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip() + f" ({os.cpu_count()} CPUs)"
    except (OSError, subprocess.CalledProcessError):
        pass
    return f"unknown ({os.cpu_count()} CPUs)"


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def prepare_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=BACKEND, env=ENV, check=True)


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path[:0] = [str(ROOT), str(BACKEND)]
    import django

    django.setup()


def seed() -> None:
    """The demo (content, its people, the demo newcomer's plan) and 49 more newcomers like them in
    the same team, each with a plan; then the due steps are sent (notifications)."""
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from welkom.accounts.models import Role, TeamMembership, User
    from welkom.content.services import content_sync
    from welkom.journeys.dispatch import dispatch_tick
    from welkom.journeys.models import JourneyTemplate
    from welkom.journeys.services import plan_create
    from welkom.newcomers.models import NewcomerProfile
    from welkom.newcomers.services import profile_update

    content_sync(root=settings.CONTENT_DIR)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo = NewcomerProfile.objects.select_related("team", "team_lead", "buddy").get(user__email=SIGNED_IN)
    hr = User.objects.get(organisation=demo.organisation, role=Role.HR)
    template = JourneyTemplate.objects.get(slug="ict-kennismigrant")
    today = timezone.localdate()
    for n in range(1, NEWCOMERS):
        user = User.objects.create(
            email=f"newcomer{n}@bench.test",
            organisation=demo.organisation,
            role=Role.NEWCOMER,
            full_name=f"Newcomer {n}",
            language="en",
        )
        TeamMembership.objects.create(team=demo.team, user=user)
        profile = NewcomerProfile.objects.create(user=user, organisation=demo.organisation, team=demo.team)
        profile_update(
            profile=profile,
            changed_by=hr,
            preferred_language="en",
            offer_signed_on=today - timedelta(days=45),
            arrival_on=today + timedelta(days=14 - n % 20),
            first_day_on=today + timedelta(days=21 - n % 20),
            team=demo.team,
            team_lead=demo.team_lead,
            buddy=demo.buddy,
            municipality="eindhoven",
        )
        plan_create(profile=profile, template=template, created_by=hr)
    dispatch_tick()
    print(f"  {NewcomerProfile.objects.count()} newcomers", flush=True)


def session_cookie() -> str:
    from django.test import Client

    from welkom.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=SIGNED_IN))
    return f"sessionid={client.cookies['sessionid'].value}"


def get(path: str, cookie: str) -> bytes:
    request = urllib.request.Request(f"{BASE}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def wrk(cookie: str, path: str, script: Path | None = None, paths: list[str] | None = None) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-H", f"Cookie: {cookie}"]
    env = dict(os.environ)
    if script is not None:
        command += ["-s", str(script)]
        env["HOME_PATHS"] = " ".join(paths or [])
    out = subprocess.run([*command, BASE + path], capture_output=True, text=True, check=True, env=env).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} answers were not 2xx:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not found:
        raise SystemExit(f"wrk gave no figure for {path}:\n{out}")
    return float(found.group(1))


CPU_PARTS = ("web", "postgres", "redis", "all")
_TICK = os.sysconf("SC_CLK_TCK")


def _process_ticks(server_pid: int) -> dict[int, tuple[str, int]]:
    """Per process of the web server (gunicorn's process group), PostgreSQL and Redis: its part and
    the CPU ticks it has used so far (from /proc)."""
    found: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                name, _, rest = stat.read().rpartition(")")
        except OSError:
            continue
        fields = rest.split()
        if int(fields[2]) == server_pid:  # the process group: gunicorn's arbiter and its workers
            part = "web"
        elif name.endswith("(postgres"):
            part = "postgres"
        elif name.endswith("(redis-server"):
            part = "redis"
        else:
            continue
        found[int(entry)] = (part, int(fields[11]) + int(fields[12]))  # utime + stime
    return found


def _machine_ticks() -> int:
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    return sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait


def measure(
    cookie: str,
    path: str,
    server_pid: int,
    costs: list[dict[str, float]],
    script: Path | None = None,
    paths: list[str] | None = None,
) -> float:
    """One wrk measurement of ``path``: its requests/s, and (into ``costs``) the milliseconds of
    CPU each request took in the web server, PostgreSQL, Redis and the whole machine."""
    before, machine_before = _process_ticks(server_pid), _machine_ticks()
    rate = wrk(cookie, path, script, paths)
    after, machine_after = _process_ticks(server_pid), _machine_ticks()
    used = dict.fromkeys(CPU_PARTS, 0)
    for pid, (part, ticks) in after.items():  # a process that ended meanwhile is not counted
        used[part] += ticks - before.get(pid, (part, 0))[1]
    used["all"] = machine_after - machine_before
    requests = rate * SECONDS
    costs.append({part: used[part] / _TICK * 1000 / requests for part in CPU_PARTS})
    return rate


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed: `apt-get install wrk` (make bench-home does it when it may use apt)."
        )
    print(f"CPU: {cpu_model()}", flush=True)
    load_before = load()
    print(f"Load before: {load_before}", flush=True)
    if not KEEP_DB:
        print(f"Preparing {DATABASE_URL} with {NEWCOMERS} newcomers …", flush=True)
        prepare_database()
    setup_django()
    if not KEEP_DB:
        seed()
    cookie = session_cookie()
    server = subprocess.Popen(
        [ROOT / ".venv/bin/gunicorn", "-c", "gunicorn.conf.py", "config.wsgi:application"],
        cwd=BACKEND,
        env=ENV,
        stdout=subprocess.DEVNULL,  # gunicorn's access log (production's setting), not needed here
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300  # workers import everything first: slow on a loaded machine
        while True:
            try:
                get(BARE, cookie)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        import json

        plan = json.loads(get("/api/journeys/today", cookie))["plan"]
        if plan is None:
            raise SystemExit("The signed-in newcomer has no plan: the seed went wrong.")
        calls = [call.format(plan=plan) for call in HOME_CALLS]
        for path in [BARE, *calls]:
            get(path, cookie)  # each answers 200 (urlopen raises otherwise) and is warmed up
        names = [*calls, "home"]
        rates: dict[str, list[float]] = {name: [] for name in [BARE, *names]}
        ratios: dict[str, list[float]] = {name: [] for name in names}
        costs: dict[str, list[dict[str, float]]] = {name: [] for name in [BARE, *names]}
        for round_ in range(1, ROUNDS + 1):
            print(f"Round {round_}/{ROUNDS} ({SECONDS} s each, {CONNECTIONS} connections) …", flush=True)
            bare_before = measure(cookie, BARE, server.pid, costs[BARE])
            rates[BARE].append(bare_before)
            for name in names:
                if name == "home":
                    rate = measure(cookie, calls[0], server.pid, costs[name], HERE / "home.lua", calls)
                else:
                    rate = measure(cookie, name, server.pid, costs[name])
                bare_after = measure(cookie, BARE, server.pid, costs[BARE])
                rates[BARE].append(bare_after)
                rates[name].append(rate)
                ratios[name].append(rate / ((bare_before + bare_after) / 2))
                bare_before = bare_after
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print(
        f"\n{'call':<40}{'requests/s':>11}{'ratio to bare':>20}"
        f"{'CPU ms per request: web':>26}{'PostgreSQL':>11}{'Redis':>7}{'all':>7}"
    )
    below = []
    for name in [BARE, *names]:
        label = f"home ({len(calls)} calls in turn)" if name == "home" else name
        if name == BARE:
            ranged = "1.00"
        else:
            median = statistics.median(ratios[name])
            ranged = f"{median:.2f} ({min(ratios[name]):.2f}-{max(ratios[name]):.2f})"
            if median < 0.5:
                below.append(label)
        cpu = {part: statistics.median(cost[part] for cost in costs[name]) for part in CPU_PARTS}
        print(
            f"{label:<40}{statistics.median(rates[name]):>11.1f}{ranged:>20}"
            f"{cpu['web']:>26.2f}{cpu['postgres']:>11.2f}{cpu['redis']:>7.2f}{cpu['all']:>7.2f}"
        )
    home_loads = statistics.median(rates["home"]) / len(calls)
    print(
        f"\nHome loads/s: {home_loads:.1f} (bare requests/s over {len(calls)}: "
        f"{statistics.median(rates[BARE]) / len(calls):.1f})"
    )
    print("Target (each call and the home >= 0.5 of bare): " + ("met" if not below else f"not met: {below}"))
    print(f"Load before: {load_before}; after: {load()}")


if __name__ == "__main__":
    main()
