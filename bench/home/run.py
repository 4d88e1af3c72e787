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

It prints requests/s and each call's ratio to the bare view of the same round (median and range
over the rounds); the home's ratio is its calls/s over the bare view's requests/s (home loads/s
over what the same number of bare requests would give). Targets: every call and the whole home at
or above 0.5. wrk runs on the same cores as the server (one thread, ``BENCH_CONNECTIONS``
connections); the machine's load before and after is printed.

    make bench-home                                # 3 rounds of 5 s per measurement
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
        names = [BARE, *calls, "home"]
        rates: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(1, ROUNDS + 1):
            print(f"Round {round_}/{ROUNDS} ({SECONDS} s each, {CONNECTIONS} connections) …", flush=True)
            for name in names:
                if name == "home":
                    rates[name].append(wrk(cookie, calls[0], HERE / "home.lua", calls))
                else:
                    rates[name].append(wrk(cookie, name))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print(f"\n{'call':<42}{'requests/s (median)':>22}{'ratio to bare (median, range)':>34}")
    below = []
    for name in names:
        ratios = [rate / bare for rate, bare in zip(rates[name], rates[BARE], strict=True)]
        median = statistics.median(ratios)
        label = f"home ({len(calls)} calls in turn)" if name == "home" else name
        ranged = f"{median:.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
        print(f"{label:<42}{statistics.median(rates[name]):>22.1f}{ranged:>34}")
        if name != BARE and median < 0.5:
            below.append(label)
    home_loads = statistics.median(rates["home"]) / len(calls)
    print(
        f"\nHome loads/s: {home_loads:.1f} (bare requests/s over {len(calls)}: "
        f"{statistics.median(rates[BARE]) / len(calls):.1f})"
    )
    print("Target (each call and the home >= 0.5 of bare): " + ("met" if not below else f"not met: {below}"))
    print(f"Load before: {load_before}; after: {load()}")


if __name__ == "__main__":
    main()
