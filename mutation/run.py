"""make mutation: mutmut on the core modules, one module at a time, with only the tests that cover it.

mutmut 3 names a mutant after the path of its file relative to the folder it runs in, and the
trampoline it writes into the mutated copy records hits under that name. Welkom's modules live in
``backend/`` and are imported as ``welkom.…`` (pytest's ``pythonpath = backend``), so run from the
repository, mutmut would call them ``backend.welkom.…`` and never see a hit. So each module gets a
stage of its own, ``var/mutation/<module>/``, laid out as ``backend/`` is seen from Python: ``welkom``
(a link to ``backend/welkom``) and ``tests`` (a link to ``tests``) side by side, with a pyproject.toml
whose pytest options are the repository's but with the stage first on ``pythonpath``. mutmut copies
both into the stage's ``mutants/`` and runs pytest there; ``config`` (the settings) is still imported
from ``backend/``, so every path the settings derive stays the repository's.

Modules run in ``MUTATION_JOBS`` lanes at once (default 2, one per core of the 2-core machine it
was made for; 1 on a shared machine), each lane one mutmut worker (``--max-children 1``) with a
database and a Redis key prefix of its own: a lane takes the next module of the list when its last
one ends. Each lane's test database is made once, fresh, before its first module, and every pytest
session of the lane reuses it (``--reuse-db``). With more than one lane, mutmut's own progress goes
to ``var/mutation/<module>.log`` and the terminal gets a line per module started and ended.

    python mutation/run.py                      # every module of mutation/modules.toml, in order
    python mutation/run.py notifications/services language/planner   # modules whose path contains these

Writes ``var/mutation/report.md``: the score per module and the diff of every surviving mutant.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
OUT = ROOT / "var" / "mutation"
PYTHON = sys.executable
MUTMUT = str(Path(PYTHON).with_name("mutmut"))
# mutmut stops a mutant's tests after (their measured seconds + TIMEOUT_CONSTANT) x TIMEOUT_MULTIPLIER
# of wall time and counts it as a timeout, which the score counts as killed. Its defaults (1 s, x15)
# fired for mutants that merely waited for the CPU under nice on the shared machine (10 of the first
# 14 mutants of offline/middleware on 2026-12-07, tests of 0.4 s stopped after 21 s): false kills.
# x60 ended those, but let a real endless loop run 60 times its tests' time (about 7.5 minutes for
# each of the planner's six). The constant now carries the slack for short tests (a 0.4 s test set
# gets 102 s) and the multiplier stays small for long ones (a 6 s set gets 130 s, not 7 minutes).
TIMEOUT_CONSTANT = 20
TIMEOUT_MULTIPLIER = 5
JOBS = max(1, int(os.environ.get("MUTATION_JOBS", "2")))


def modules(selected: list[str]) -> list[dict]:
    listed = tomllib.loads((ROOT / "mutation" / "modules.toml").read_text())["module"]
    if not selected:
        return listed
    chosen = [m for m in listed if any(s in m["path"] for s in selected)]
    if not chosen:
        sys.exit(f"mutation/modules.toml lists no module matching {selected}")
    return chosen


def slug(path: str) -> str:
    return path.removeprefix("welkom/").removesuffix(".py").replace("/", "-")


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def stage(module: dict) -> Path:
    """A folder where ``welkom/…`` is the module's path, as mutmut needs it."""
    where = OUT / slug(module["path"])
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    (where / "welkom").symlink_to(BACKEND / "welkom")
    (where / "tests").symlink_to(ROOT / "tests")
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    (where / "pyproject.toml").write_text(
        f"""# Written by mutation/run.py for one run; not the repository's pyproject.toml.
[tool.pytest.ini_options]
DJANGO_SETTINGS_MODULE = {json.dumps(pytest_options["DJANGO_SETTINGS_MODULE"])}
pythonpath = {toml_list([".", str(BACKEND)])}
testpaths = ["tests"]
addopts = {json.dumps(pytest_options["addopts"])}
markers = {toml_list(pytest_options["markers"])}
filterwarnings = {toml_list(pytest_options["filterwarnings"])}

[tool.mutmut]
source_paths = ["welkom"]
only_mutate = [{json.dumps(module["path"])}]
pytest_add_cli_args = ["-p", "no:cacheprovider", "--reuse-db", "-q"]
pytest_add_cli_args_test_selection = {toml_list(module["tests"])}
use_git_change_detection = false
timeout_multiplier = {TIMEOUT_MULTIPLIER}
timeout_constant = {TIMEOUT_CONSTANT}
"""
    )
    return where


def lane_environment(lane: int) -> dict[str, str]:
    """A lane's own database name (``<name>_mutation``, then ``<name>_mutation2``, …; its test
    database is ``test_`` that) and Redis key prefix (``mutation:``, ``mutation2:``): a pytest run on
    the same DATABASE_URL, or another lane, would otherwise drop and remake the test database or
    empty the cache under the mutants' tests, which then fail and count as killed."""
    env = dict(os.environ)
    suffix = "" if lane == 1 else str(lane)
    url = urlsplit(env.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres"):
        base = url.path.removesuffix("_mutation")
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"{base}_mutation{suffix}"))
    prefix = env.get("WELKOM_TEST_BROKER_PREFIX", "mutation:").removesuffix(":")
    env["WELKOM_TEST_BROKER_PREFIX"] = f"{prefix}{suffix}:"
    return env


def drop_nested_test_databases(env: dict[str, str]) -> None:
    """Drops the ``test_test_…`` databases runs before 2026-12-07 left behind: mutmut runs several
    pytest sessions in one process, and each made a test database of the one before (the test
    settings now name it once)."""
    url = urlsplit(env.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres"):
        return
    import psycopg

    name = url.path.lstrip("/")
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as connection:
        names = [row[0] for row in connection.execute("SELECT datname FROM pg_database")]
        for database in (n for n in names if n.startswith("test_test_") and n.rsplit("test_", 1)[1] == name):
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def fresh_test_database(env: dict[str, str]) -> None:
    """The lane's test database, made anew with the current migrations, for ``--reuse-db`` to find."""
    drop_nested_test_databases(env)
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)\n"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(BACKEND)}
    subprocess.run([PYTHON, "-c", code], check=True, env=env, cwd=ROOT)


def mutant_diff(functions: dict[str, str], name: str) -> str:
    """The lines a mutant changes: its function against the original copy mutmut keeps beside it."""
    mutant = name.rpartition(".")[2]
    original = mutant.partition("__mutmut_")[0] + "__mutmut_orig"
    old = (functions.get(original) or "").splitlines()[1:]  # the def line differs by name only
    new = (functions.get(mutant) or "").splitlines()[1:]
    return "\n".join(
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "-+" and not line.startswith(("---", "+++"))
    )


def patterns(module: dict) -> list[str]:
    """The mutants to run: all of the module's, or those of the functions its entry names
    (``functions``: the part of a big module that matters, when all of it would take too long; a
    method as ``Class.method``)."""
    dotted = module["path"].removesuffix(".py").replace("/", ".")
    return [f"{dotted}.{mangled(name)}__mutmut_*" for name in module.get("functions", [])]


def mangled(name: str) -> str:
    """mutmut's name of a function (``route``: ``x_route``) or method (``NoRoute.__init__``:
    ``xǁNoRouteǁ__init__``)."""
    owner, _, function = name.rpartition(".")
    return f"xǁ{owner}ǁ{function}" if owner else f"x_{function}"


def results(where: Path, module: dict) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Mutants per status, and the name (with status) and diff of each one no test killed."""
    mutated = where / "mutants" / module["path"]
    meta = Path(f"{mutated}.meta")
    if not meta.exists():
        return Counter(), []
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    chosen = patterns(module)
    if chosen:
        codes = {name: code for name, code in codes.items() if any(fnmatch(name, p) for p in chosen)}
    statuses = {name: status_by_exit_code[code] for name, code in codes.items()}
    lines = mutated.read_text().splitlines()
    functions = {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in ast.walk(ast.parse("\n".join(lines)))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    left = [
        (f"{name} ({status})", mutant_diff(functions, name))
        for name, status in sorted(statuses.items(), key=lambda item: natural(item[0]))
        if status not in ("killed", "timeout", "caught by type check")
    ]
    return Counter(statuses.values()), left


def natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("__mutmut_")
    return (stem, int(number) if number.isdigit() else 0)


def run(module: dict, env: dict[str, str], log: Path | None) -> dict:
    where = stage(module)
    started = time.monotonic()
    print(f"\n=== {module['path']}: tests {' '.join(module['tests'])}", flush=True)
    command = [MUTMUT, "run", "--max-children", "1", *patterns(module)]
    if log is None:
        finished = subprocess.run(command, cwd=where, env=env, check=False)
    else:
        print(f"    mutmut's progress: {log}", flush=True)
        with log.open("w") as out:
            finished = subprocess.run(
                command, cwd=where, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
            )
    counts, left = results(where, module)
    # A timeout counts as killed: the mutant made the tests hang (an endless loop), which fails them.
    killed = counts["killed"] + counts["timeout"]
    total = sum(counts.values()) - counts["caught by type check"] - counts["skipped"]
    return {
        "path": module["path"] + (f" ({', '.join(module['functions'])})" if module.get("functions") else ""),
        "killed": killed,
        "total": total,
        "score": round(100 * killed / total, 1) if total else 0.0,
        "minutes": round((time.monotonic() - started) / 60, 1),
        "counts": dict(counts),
        "survivors": left,
        # mutmut ends with an error when the module's tests fail without a mutant (it cannot time
        # them): then no mutant ran, and a score of 0 would say the tests catch nothing.
        "failed": finished.returncode != 0 or not counts,
    }


def report(results: list[dict]) -> str:
    lines = [
        f"# Mutation run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "| module | killed / mutants | score | minutes |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['path']} | {r['killed']} / {r['total']} | {r['score']}% | {r['minutes']} |" for r in results
    ]
    for r in results:
        lines += ["", f"## {r['path']}: {len(r['survivors'])} not killed {r['counts']}", ""]
        for name, diff in r["survivors"]:
            lines += [f"### {name}", "", "```diff", diff.strip(), "```", ""]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = modules(sys.argv[1:])
    jobs = min(JOBS, len(chosen))
    started = time.monotonic()
    free: list[int] = list(range(jobs, 0, -1))  # lanes whose test database is made and idle
    for lane in free:
        fresh_test_database(lane_environment(lane))
    results: dict[int, dict] = {}
    lock = threading.Lock()

    def one(index: int, module: dict) -> None:
        with lock:
            lane = free.pop()
        try:
            log = OUT / f"{slug(module['path'])}.log" if jobs > 1 else None
            result = run(module, lane_environment(lane), log)
        finally:
            with lock:
                free.append(lane)
        with lock:
            results[index] = result
            outcome = "FAILED" if result["failed"] else f"{result['score']:5.1f}%"
            print(
                f"[{len(results)}/{len(chosen)} modules, {(time.monotonic() - started) / 60:.1f} min] "
                f"{outcome}  {result['path']} ({result['minutes']} min, lane {lane})",
                flush=True,
            )
            (OUT / "report.md").write_text(report([results[i] for i in sorted(results)]))

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(one, i, module) for i, module in enumerate(chosen)]:
            future.result()
    print()
    for r in (results[i] for i in sorted(results)):
        print(f"{r['score']:5.1f}%  {r['killed']:4} / {r['total']:<4} {r['path']}  ({r['minutes']} min)")
    print(f"{len(chosen)} modules in {(time.monotonic() - started) / 60:.1f} min, {jobs} at once")
    print(f"report: {OUT / 'report.md'}")
    failed = [r["path"] for r in results.values() if r["failed"]]
    for path in failed:
        print(
            f"FAILED: {path}: mutmut did not run its mutants (its tests fail unmutated?); see its log",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
