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

One worker (``--max-children 1``): the machine is shared. The test database is made once, fresh,
before the first module, and every pytest session of the run reuses it (``--reuse-db``).

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
import time
import tomllib
from collections import Counter
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
# mutmut stops a mutant's tests after (their measured seconds + 1) x this multiplier of wall time and
# counts it as a timeout, which the score counts as killed. Its default, 15, fired for mutants that
# merely waited for the CPU under nice on the shared machine (10 of the first 14 mutants of
# offline/middleware on 2026-12-07, tests of 0.4 s stopped after 21 s) or were paused during a
# benchmark: false kills. None of the modules loops on its own input, so a real hang is rare.
TIMEOUT_MULTIPLIER = 60


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
"""
    )
    return where


def own_database() -> None:
    """The run's own database name (``<name>_mutation``; its test database is then
    ``test_<name>_mutation``): a pytest run on the same DATABASE_URL meanwhile would otherwise drop
    and remake the test database under the mutants' tests, which then fail and count as killed."""
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres") and not url.path.endswith("_mutation"):
        os.environ["DATABASE_URL"] = urlunsplit(url._replace(path=f"{url.path}_mutation"))


def fresh_test_database() -> None:
    """The test database, made anew with the current migrations, for ``--reuse-db`` to find."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(BACKEND)}
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


def run(module: dict) -> dict:
    where = stage(module)
    started = time.monotonic()
    print(f"\n=== {module['path']}: tests {' '.join(module['tests'])}", flush=True)
    subprocess.run([MUTMUT, "run", "--max-children", "1", *patterns(module)], cwd=where, check=False)
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
    own_database()
    fresh_test_database()
    results = []
    for module in chosen:
        results.append(run(module))
        (OUT / "report.md").write_text(report(results))
    print()
    for r in results:
        print(f"{r['score']:5.1f}%  {r['killed']:4} / {r['total']:<4} {r['path']}  ({r['minutes']} min)")
    print(f"report: {OUT / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
