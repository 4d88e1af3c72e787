"""The Python locks, their SBOM and their audit (docs/dependencies.md).

    python requirements/locks.py check   # the locks agree with pyproject.toml (make install runs it)
    python requirements/locks.py sbom DIR  # CycloneDX JSON for the Python and the npm side
    python requirements/locks.py audit   # pip-audit and npm audit, or a clear "skipped" offline
    python requirements/locks.py pip-sources  # pip's package sources as uv options (make install)

Standard library only (plus `packaging`, which comes with pip), so `check` runs before anything is
installed. `--root` points at another checkout (the tests use a copy).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # a bare venv: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[assignment]

RUNTIME_LOCK = "requirements/runtime.lock"
DEV_LOCK = "requirements/dev.lock"
# How pip-compile marks a package that pyproject.toml asks for by name.
DIRECT = "welkom (pyproject.toml)"
# The npm SBOM generator, with a package.json and lock of its own (not a frontend dependency).
SBOM_NPM = "tools/sbom-npm"
OSV_URL = os.environ.get("WELKOM_AUDIT_OSV_URL", "https://api.osv.dev/v1/query")


@dataclass
class Pin:
    version: str
    hashes: list[str] = field(default_factory=list)
    via: set[str] = field(default_factory=set)


def read_lock(path: Path) -> dict[str, Pin]:
    """name -> Pin, from a pip-compile output file (pins, --hash lines and '# via' annotations)."""
    return read_lock_text(path.read_text())


def read_lock_text(lock: str) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in lock.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            name, _, version = line.split(" ", 1)[0].partition("==")
            current = pins[canonicalize_name(name)] = Pin(version=version)
            continue
        text = line.strip().rstrip("\\").strip()
        if current is None:
            continue
        if text.startswith("--hash="):
            current.hashes.append(text.removeprefix("--hash="))
        elif text.startswith("# via "):
            current.via.add(text.removeprefix("# via ").strip())
        elif text.startswith("#   "):
            current.via.add(text.removeprefix("#   ").strip())
    return pins


def wanted(root: Path) -> dict[str, list[Requirement]]:
    """Lock file -> the requirements of pyproject.toml it has to satisfy."""
    data = tomllib.loads((root / "pyproject.toml").read_text())
    project = data["project"]
    build = [Requirement(r) for r in data.get("build-system", {}).get("requires", [])]
    runtime = [Requirement(r) for r in project.get("dependencies", [])]
    dev = [Requirement(r) for extra in project.get("optional-dependencies", {}).values() for r in extra]
    return {RUNTIME_LOCK: build + runtime, DEV_LOCK: build + runtime + dev}


def problems(root: Path) -> list[str]:
    found: list[str] = []
    locks: dict[str, dict[str, Pin]] = {}
    for lock, requirements in wanted(root).items():
        path = root / lock
        if not path.exists():
            found.append(f"{lock} is missing")
            continue
        pins = locks[lock] = read_lock(path)
        names: set[str] = set()
        for req in requirements:
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue  # not for Python 3.11 on Linux, which the locks are made for
            name = str(canonicalize_name(req.name))
            names.add(name)
            pin = pins.get(name)
            if pin is None:
                found.append(f"{lock}: pyproject.toml asks for {req}, the lock does not have it")
            elif not req.specifier.contains(pin.version, prereleases=True):
                found.append(f"{lock}: pyproject.toml asks for {req}, the lock pins {name}=={pin.version}")
        for name, pin in sorted(pins.items()):
            if DIRECT in pin.via and name not in names:
                found.append(
                    f"{lock}: pins {name}=={pin.version} for pyproject.toml, which no longer asks for it"
                )
            if not pin.hashes:
                found.append(f"{lock}: {name}=={pin.version} has no --hash")
    # runtime.lock (and sbom.lock) take their versions from dev.lock: one version of each package.
    dev = locks.get(DEV_LOCK, {})
    for path in sorted((root / "requirements").glob("*.lock")):
        lock = f"requirements/{path.name}"
        if lock == DEV_LOCK or not dev:
            continue
        for name, pin in sorted((locks.get(lock) or read_lock(path)).items()):
            other = dev.get(name)
            if other is None or other.version != pin.version:
                theirs = f"{name}=={other.version}" if other else f"no {name}"
                found.append(f"{lock} pins {name}=={pin.version}, {DEV_LOCK} has {theirs}")
            if lock not in locks and not pin.hashes:
                found.append(f"{lock}: {name}=={pin.version} has no --hash")
    return found


def check(root: Path) -> int:
    found = problems(root)
    if not found:
        return 0
    print("The Python locks do not match pyproject.toml:", file=sys.stderr)
    for problem in found:
        print(f"  - {problem}", file=sys.stderr)
    print(
        "Run 'make lock' (re-resolves, keeping every other pin) and commit pyproject.toml with "
        "requirements/*.lock; see docs/dependencies.md.",
        file=sys.stderr,
    )
    return 1


def tool(name: str) -> str:
    """A console script of this venv (the dev dependencies), else one on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def sbom_npm(root: Path) -> Path:
    """cyclonedx-npm, installed on first use from tools/sbom-npm/package-lock.json (npm ci). Its
    optional packages (libxmljs2, compiled from C, for XML output only) are left out: the SBOM is JSON."""
    folder = root / SBOM_NPM
    program = folder / "node_modules" / ".bin" / "cyclonedx-npm"
    lock = folder / "package-lock.json"
    stamp = folder / "node_modules" / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(
            ["npm", "ci", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder, check=True,
        )  # fmt: skip
        stamp.touch()
    return program


def pip_sources(python: str = sys.executable) -> list[str]:
    """pip's package sources (its configuration files and PIP_* variables) as uv options: uv reads
    no pip configuration, and make install should see exactly the sources pip-compile saw."""
    listing = subprocess.run(
        [python, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True
    ).stdout
    config: dict[str, str] = {}
    for line in listing.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            config[key.strip()] = value.strip().strip("'\"")
    options: list[str] = []
    # The environment wins over the install section, which wins over global (pip's own order).
    for name in ("index-url", "extra-index-url", "find-links", "no-index"):
        value = next(
            (config[key] for key in (f":env:.{name}", f"install.{name}", f"global.{name}") if key in config),
            None,
        )
        if value is None:
            continue
        if name == "no-index":
            if value.lower() in ("1", "true", "yes", "on"):
                options.append("--no-index")
            continue
        for item in value.split():
            options += [f"--{name}", item]
    return options


def sbom(root: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    python = out / "welkom-python.cdx.json"
    npm = out / "welkom-npm.cdx.json"
    # What the release image carries: the runtime lock and the frontend's production packages, read
    # from the lock files only (nothing is fetched). --output-reproducible: no timestamp, no random id.
    subprocess.run(
        [tool("cyclonedx-py"), "requirements", "--pyproject", str(root / "pyproject.toml"),
         "--output-reproducible", "--output-format", "JSON", "--output-file", str(python),
         str(root / RUNTIME_LOCK)],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [str(sbom_npm(root)), "--package-lock-only", "--omit", "dev",
         "--output-reproducible", "--output-format", "JSON", "--output-file", str(npm.resolve())],
        cwd=root / "frontend", check=True,
    )  # fmt: skip
    print(f"SBOM (CycloneDX): {python} and {npm}")
    return 0


def reachable(url: str) -> bool:
    request = urllib.request.Request(
        url, data=b'{"package": {"name": "django", "ecosystem": "PyPI"}, "version": "5.2"}', method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def audit(root: Path) -> int:
    """pip-audit (OSV) and npm audit against the locks. Offline, each says SKIPPED, never 'passed'."""
    failed = skipped = False
    if reachable(OSV_URL):
        for lock in (RUNTIME_LOCK, DEV_LOCK):
            pip_audit = subprocess.run(
                [tool("pip-audit"), "--vulnerability-service", "osv", "--disable-pip", "--no-deps",
                 "--require-hashes", "--progress-spinner", "off", "-r", str(root / lock)],
                check=False,
            )  # fmt: skip
            failed |= pip_audit.returncode != 0
    else:
        skipped = True
        print(f"pip-audit: SKIPPED - the vulnerability database ({OSV_URL}) cannot be reached from here; "
              "the Python locks were NOT checked for known vulnerabilities.")  # fmt: skip
    run = subprocess.run(
        ["npm", "audit", "--package-lock-only", "--json"],
        cwd=root / "frontend", capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        report = json.loads(run.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if "error" in report or "vulnerabilities" not in report:
        skipped = True
        reason = (report.get("error") or {}).get("summary") or report.get("message") or "no report"
        print(f"npm audit: SKIPPED - the registry's audit endpoint did not answer ({reason}); "
              "package-lock.json was NOT checked for known vulnerabilities.")  # fmt: skip
    else:
        counts = report.get("metadata", {}).get("vulnerabilities", {})
        print(f"npm audit: {json.dumps(counts)}")
        failed |= run.returncode != 0
    if failed:
        return 1
    if skipped and os.environ.get("WELKOM_AUDIT_REQUIRED"):
        print("WELKOM_AUDIT_REQUIRED is set and an audit was skipped.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check")
    commands.add_parser("sbom").add_argument("out", type=Path)
    commands.add_parser("audit")
    commands.add_parser("pip-sources")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root)
    if args.command == "sbom":
        return sbom(args.root, args.out)
    if args.command == "pip-sources":
        print(shlex.join(pip_sources()))
        return 0
    return audit(args.root)


if __name__ == "__main__":
    raise SystemExit(main())
