"""Runs pytest in lanes, at the same time, and reports each lane and the total (``make test``).

- ``postgresql``: every test but the browser tests on PostgreSQL and Redis, production's stack.
  It runs in two shards, ``postgresql-1`` and ``postgresql-2``, of about equal time (pytest-split,
  from the durations in ``tests/.test_durations_postgresql``), each with a database and a Redis key
  prefix of its own; ``--lane postgresql`` picks them all; ``WELKOM_TEST_POSTGRESQL_SHARDS`` sets
  how many (1: one lane). Each shard pays again for what a pytest process sets up once (Django, the
  test database, the content and packages it caches), but one whole lane waited far longer than it
  computed and ran alone at the end (on a two-core EPYC: 21m57s with one lane, 20m17s and 22m11s in
  two runs with two shards, the SQLite lane then the last to end; docs/testing.md).
- ``browser-1``, ``browser-2``: the browser tests (Playwright driving Chromium), on PostgreSQL and
  Redis, in two shards of about equal time (from ``tests/.test_durations``), each with a database,
  a live server and a Chromium of its own. They mostly wait (on the browser, the live server, the
  app's timers), so two of them halve that wait; ``--lane browser`` picks both.
- ``sqlite``: every test but the browser tests on SQLite and the on-disk Celery broker and result
  store, the embedded default that ``make run`` uses, plus the end-to-end test of ``make run``'s
  processes (marker ``embedded``). Tests marked ``postgresql_only`` / ``redis_only`` skip, each
  with its reason. The lane runs under Debian's ``faketime`` at a night-time moment and in a time
  zone far from Amsterdam, so a test or a feature that depends on the hour, the weekday, the date or
  the machine's time zone fails here whatever the hour CI runs: every test but the browser tests
  runs twice, once on the real clock (PostgreSQL) and once at night (SQLite).

``make test-clocks`` uses ``--clocks`` to run the whole suite at three faked moments, side by side.

Every lane derives what it shares with other runs from DATABASE_URL_TEST, REDIS_URL_TEST and
WELKOM_TEST_BROKER_PREFIX: its own database name, Redis key prefix and broker folder.

Every Python process of a lane (pytest, and the workers, servers and collections its tests start)
keeps its compiled modules in ``var/pycache/`` (``PYTHONPYCACHEPREFIX``), even where the
environment says ``PYTHONDONTWRITEBYTECODE``: otherwise each of them compiles Django, the app and
their libraries from source again, about 4 s of CPU per process that boots Django (docs/testing.md).

The lanes stay in the session of the caller (a process group each, so that one can be stopped
whole): where the kernel's autogroup scheduling is on, processes of one session share its part of
the CPU by their ``nice``, so the computing lanes at ``nice 5`` leave the browser shards the cores
when they need them. A session of its own per lane would give each lane an equal share instead.

    python tests/lanes.py [--lane NAME]... [--clocks] [-- PYTEST_ARGS...]
    python tests/lanes.py --store-durations   # the sharded tests once, writing their durations files
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
PYTEST = str(ROOT / ".venv" / "bin" / "pytest")
FAKETIME_SHIM = ROOT / "tests" / "faketime"

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def upcoming(
    weekday: int,
    hour: int,
    minute: int = 0,
    *,
    month_day: tuple[int, int] | None = None,
    after: datetime | None = None,
) -> str:
    """The next moment, strictly after ``after`` (the real clock), that falls on ``weekday`` (Monday
    0) at ``hour:minute`` in Amsterdam, or on ``month_day`` (month, day) at that time; as UTC for
    faketime.

    The faked moments lie ahead of the real date, never behind it: content carries the dates it was
    checked on and refuses a date in the future, so a clock set in the past would fail the content,
    not the code. The weekday and the hour are fixed; the date moves with the real one.
    """
    local = (after or datetime.now(UTC)).astimezone(AMSTERDAM)
    day = local.date() + timedelta(days=1)
    while (day.month, day.day) != month_day if month_day else day.weekday() != weekday:
        day += timedelta(days=1)
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


# The SQLite lane's clock: Monday 00:30 in Amsterdam (quiet hours; another date and, on Sunday
# evening in UTC, another ISO week) and Sunday evening in New York, the process's time zone.
NIGHT = upcoming(0, 0, 30)
NIGHT_TZ = "America/New_York"
# make test-clocks: the whole suite at three moments (Amsterdam time), the three runs side by side.
PROOF_CLOCKS = [
    ("saturday-2230", upcoming(5, 22, 30), "America/New_York"),
    ("monday-0300", upcoming(0, 3, 0), "Asia/Kolkata"),
    ("summer-noon", upcoming(0, 12, 0, month_day=(7, 15)), "UTC"),
]

# The tests' durations, by test id, for pytest-split's shards, a file per sharded lane: written by
# ``make test-durations`` (a test missing from it counts as the mean of the others).
DURATIONS = ROOT / "tests" / ".test_durations"
POSTGRESQL_DURATIONS = ROOT / "tests" / ".test_durations_postgresql"
BROWSER_SHARDS = 2
# Compiled modules of every process of the lanes, out of the source tree (mirrors absolute paths, so
# checkouts side by side do not share files); Python checks each against its source's time and size.
PYCACHE = ROOT / "var" / "pycache"
POSTGRESQL_SHARDS = "WELKOM_TEST_POSTGRESQL_SHARDS"  # how many (the environment's), 2 by default
SQLITE_SHARDS = "WELKOM_TEST_SQLITE_SHARDS"  # the same for the SQLite lane, 1 by default (docs/testing.md)


def _shard(group: int, shards: int, durations: Path) -> list[str]:
    """pytest-split's options for shard ``group`` of ``shards`` (least duration: tests keep their order)."""
    return [
        f"--splits={shards}",
        f"--group={group}",
        f"--durations-path={durations}",
        "--splitting-algorithm=least_duration",
    ]


POSTGRESQL_MARKERS = "not embedded and not browser"

COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)")


@dataclass
class Lane:
    name: str
    env: dict[str, str]
    markers: str
    clock: str = ""  # a moment for faketime, or "" for the real clock
    # The browser shards wait on Chromium and its live server more than they compute, so the other
    # lanes (all computing) run at a lower priority and take what the shards leave.
    niceness: int = 0
    options: list[str] = field(default_factory=list)  # pytest options of this lane (a shard)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    started: float = 0.0
    seconds: float = 0.0
    cpu: float = 0.0  # seconds of CPU used by the lane and every process it waited for
    counts: dict[str, int] = field(default_factory=dict)

    def command(self, pytest_args: list[str]) -> list[str]:
        command = [PYTEST, "-p", "no:cacheprovider", "-q", "--durations=10"]
        if self.markers:
            command += ["-m", self.markers]
        command += self.options
        command += pytest_args
        if self.clock:
            command = ["faketime", self.clock, *command]
        if self.niceness:
            command = ["nice", "-n", str(self.niceness), *command]
        return command


def _database(url: str, suffix: str) -> str:
    """The same server with the database name plus ``suffix`` (pytest-django adds ``test_``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))


def _home(prefix: str | None) -> Path:
    """This run's folder for SQLite files, broker folders and logs (by the broker prefix)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", prefix or "welkom-test").strip("-") or "welkom-test"
    return ROOT / "var" / "test-lanes" / slug


def lanes(environ: dict[str, str]) -> dict[str, Lane]:
    database = environ.get("DATABASE_URL_TEST", "postgres://postgres@127.0.0.1:5432/welkom")
    redis = environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")
    prefix = environ.get("WELKOM_TEST_BROKER_PREFIX", "welkom-test:")
    home = _home(prefix)
    common = {"REDIS_URL": redis, "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    shards = _shards(environ, POSTGRESQL_SHARDS, default=2)
    sqlite_shards = _shards(environ, SQLITE_SHARDS, default=1)
    return {
        **{
            (name := "postgresql" if shards == 1 else f"postgresql-{group}"): Lane(
                name,
                {
                    **common,
                    "DATABASE_URL": database if group == 1 else _database(database, f"_postgresql{group}"),
                    "WELKOM_TEST_BROKER_PREFIX": prefix if group == 1 else f"{prefix}postgresql{group}:",
                },
                markers=POSTGRESQL_MARKERS,
                niceness=5,
                options=_shard(group, shards, POSTGRESQL_DURATIONS) if shards > 1 else [],
            )
            for group in range(1, shards + 1)
        },
        **{
            f"browser-{group}": Lane(
                f"browser-{group}",
                {
                    **common,
                    "DATABASE_URL": _database(database, "_browser" if group == 1 else f"_browser{group}"),
                    "WELKOM_TEST_BROKER_PREFIX": f"{prefix}browser{'' if group == 1 else group}:",
                },
                markers="browser",
                options=_shard(group, BROWSER_SHARDS, DURATIONS),
            )
            for group in range(1, BROWSER_SHARDS + 1)
        },
        **{
            (name := "sqlite" if sqlite_shards == 1 else f"sqlite-{group}"): Lane(
                name,
                {
                    **common,
                    "DATABASE_URL": f"sqlite:///{home / name / 'welkom.sqlite3'}",
                    "CELERY_BROKER_URL": "filesystem://",
                    "WELKOM_TEST_BROKER_DIR": str(home / name / "broker"),
                    "WELKOM_TEST_BROKER_PREFIX": f"{prefix}{name}:",
                    "TZ": NIGHT_TZ,
                    "DONT_FAKE_MONOTONIC": "1",
                },
                markers="not browser",
                clock=NIGHT,
                niceness=5,
                # The same tests as the PostgreSQL lane's (and the few of make run's): its durations.
                options=_shard(group, sqlite_shards, POSTGRESQL_DURATIONS) if sqlite_shards > 1 else [],
            )
            for group in range(1, sqlite_shards + 1)
        },
    }


def _shards(environ: Mapping[str, str], variable: str, *, default: int) -> int:
    given = environ.get(variable) or str(default)
    shards = int(given) if given.isdigit() else 0
    if shards < 1:
        raise SystemExit(f"{variable} must be a whole number, 1 or more, not {given!r}")
    return shards


def _postgresql(every: dict[str, Lane]) -> Lane:
    """The PostgreSQL lane, or its first shard: what the whole suite's runs take their names from."""
    return next(lane for name, lane in every.items() if name.split("-")[0] == "postgresql")


def _summary(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    lines = [line for line in text.splitlines() if re.search(r"\b(passed|failed|errors?|skipped)\b", line)]
    for number, word in COUNT.findall(lines[-1] if lines else ""):
        word = "error" if word.startswith("error") else word
        counts[word] = counts.get(word, 0) + int(number)
    return counts


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


def run(selected: list[Lane], pytest_args: list[str], logs: Path) -> int:
    if any(lane.clock for lane in selected) and shutil.which("faketime") is None:
        print("Debian's faketime is missing: apt-get install faketime (make clock-deps)", file=sys.stderr)
        return 2
    return _run(selected, pytest_args, logs)


def environment(lane: Lane, base: Mapping[str, str]) -> dict[str, str]:
    """The environment of ``lane``'s pytest process: ``base`` (the caller's) with the lane's own."""
    env = {**base, **lane.env}
    if "PYTHONPYCACHEPREFIX" in lane.env:  # a cache outside the sources: write it (module docstring)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    if lane.clock:  # see tests/faketime/sitecustomize.py
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FAKETIME_SHIM), env.get("PYTHONPATH", "")]))
    return env


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _run(selected: list[Lane], pytest_args: list[str], logs: Path) -> int:
    logs.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    print(f"load average before: {_load()}", flush=True)
    for lane in selected:
        database = lane.env["DATABASE_URL"]
        if database.startswith("sqlite:///"):
            Path(database.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        lane.log = logs / f"{lane.name}.log"
        env = environment(lane, os.environ)
        print(f"lane {lane.name}: {' '.join(lane.command(pytest_args))}", flush=True)
        lane.started = time.monotonic()
        lane.process = subprocess.Popen(
            lane.command(pytest_args),
            cwd=ROOT,
            env=env,
            process_group=0,  # stays in this session: see the module's docstring
            stdout=lane.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
    failed = []
    waiting = list(selected)
    try:
        while waiting:
            for lane in list(waiting):
                assert lane.process is not None
                assert lane.log is not None
                pid, status, usage = os.wait4(lane.process.pid, os.WNOHANG)
                if pid == 0:
                    continue
                code = os.waitstatus_to_exitcode(status)
                lane.process.returncode = code
                waiting.remove(lane)
                lane.seconds = time.monotonic() - lane.started
                lane.cpu = usage.ru_utime + usage.ru_stime
                text = lane.log.read_text(errors="replace")
                lane.counts = _summary(text)
                ok = code == 0 or (code == 5 and len(selected) > 1)  # 5: nothing selected here
                if not ok:
                    failed.append(lane.name)
                print(
                    f"\n===== lane {lane.name} ({'ok' if ok else f'FAILED, exit {code}'}, "
                    f"{_minutes(lane.seconds)}, CPU {_minutes(lane.cpu)}) =====",
                    flush=True,
                )
                print(text, flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        for lane in waiting:
            if lane.process and lane.process.poll() is None:
                os.killpg(lane.process.pid, signal.SIGTERM)
        raise
    print(f"\nload average after: {_load()}; wall time of the lanes: {_minutes(time.monotonic() - began)}")
    if len(selected) > 1:
        _report(selected, failed)
    return 1 if failed else 0


def _report(selected: list[Lane], failed: list[str]) -> None:
    total: dict[str, int] = {}
    print("\n===== lanes =====")
    for lane in selected:
        shown = ", ".join(f"{n} {w}" for w, n in lane.counts.items()) or "no result"
        clock = f"  (faketime '{lane.clock}', TZ={lane.env.get('TZ', '')})" if lane.clock else ""
        print(f"{lane.name:<13} {_minutes(lane.seconds):>7} (CPU {_minutes(lane.cpu):>7})  {shown}{clock}")
        for word, number in lane.counts.items():
            total[word] = total.get(word, 0) + number
    if failed:
        print(f"failed lanes: {', '.join(failed)}")
    print(
        f"lanes: {total.get('passed', 0)} passed, {total.get('failed', 0) + total.get('error', 0)} failed, "
        f"{total.get('skipped', 0)} skipped"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lane", action="append", choices=["postgresql", "browser", "sqlite"])
    parser.add_argument(
        "--clock",
        action="append",
        choices=[name for name, _, _ in PROOF_CLOCKS],
        help="with --clocks: only these moments (all three when none is named)",
    )
    parser.add_argument(
        "--store-durations",
        action="store_true",
        help=f"run each sharded lane once, whole, writing {DURATIONS.name} and {POSTGRESQL_DURATIONS.name}",
    )
    parser.add_argument(
        "--clocks", action="store_true", help="the whole suite at each moment of PROOF_CLOCKS, side by side"
    )
    parser.add_argument("pytest_args", nargs="*")
    options = parser.parse_args(argv)
    every = lanes(dict(os.environ))
    logs = _home(os.environ.get("WELKOM_TEST_BROKER_PREFIX")) / "logs"
    if options.clocks:
        # The whole suite (browser tests included: no -m) once per moment, all at the same time: each
        # run is one pytest process, so three of them keep both cores busy where one after the other
        # would leave one idle. Each has its own database, Redis key prefix and broker folder.
        base = _postgresql(every).env
        selected = []
        for name, moment, zone in PROOF_CLOCKS:
            if options.clock and name not in options.clock:
                continue
            slug = name.replace("-", "_")
            own = {
                "DATABASE_URL": _database(base["DATABASE_URL"], f"_clocks_{slug}"),
                "WELKOM_TEST_BROKER_PREFIX": f"{base['WELKOM_TEST_BROKER_PREFIX']}clocks-{name}:",
                "DONT_FAKE_MONOTONIC": "1",
                "TZ": zone,
            }
            selected.append(Lane(name, {**base, **own}, markers="", clock=moment))
        return run(selected, options.pytest_args, logs)
    if options.store_durations:
        # Each sharded lane whole, once, side by side, each writing its own file.
        whole = [
            Lane(
                "browser",
                every["browser-1"].env,
                markers="browser",
                options=["--store-durations", f"--durations-path={DURATIONS}"],
            ),
            Lane(
                "postgresql",
                _postgresql(every).env,
                markers=POSTGRESQL_MARKERS,
                niceness=5,
                options=["--store-durations", f"--durations-path={POSTGRESQL_DURATIONS}"],
            ),
        ]
        picked = options.lane or [lane.name for lane in whole]
        chosen = [lane for lane in whole if lane.name in picked]
        if not chosen:
            parser.error("--store-durations writes the files of the browser and postgresql lanes: pick one")
        return run(chosen, options.pytest_args, logs)
    picked = options.lane or ["postgresql", "browser", "sqlite"]
    selected = [lane for name, lane in every.items() if name.split("-")[0] in picked]
    return run(selected, options.pytest_args, logs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
