"""make sbom: CycloneDX files for the Python and the npm side, read from the locks (nothing fetched);
make audit: where no vulnerability database answers, it says SKIPPED instead of passing silently."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements" / "locks.py"

sys.path.insert(0, str(LOCKS.parent))
import locks  # noqa: E402

pytestmark = pytest.mark.once(reason="the SBOM and the audit read the locks and the installed packages")


def components(bom: dict[str, Any]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    stack = list(bom.get("components", []))
    while stack:
        component = stack.pop()
        name = f"{component['group']}/{component['name']}" if component.get("group") else component["name"]
        found.add((name, component["version"]))
        stack.extend(component.get("components", []))
    return found


def test_sbom_lists_exactly_what_the_locks_pin(tmp_path):
    subprocess.run([sys.executable, str(LOCKS), "sbom", str(tmp_path)], check=True, capture_output=True)
    python = json.loads((tmp_path / "welkom-python.cdx.json").read_text())
    npm = json.loads((tmp_path / "welkom-npm.cdx.json").read_text())
    for bom in (python, npm):
        assert bom["bomFormat"] == "CycloneDX"
        assert "timestamp" not in bom["metadata"]  # reproducible: the same locks give the same file

    pins = locks.read_lock(ROOT / "requirements" / "runtime.lock")
    assert {(canonicalize_name(name), version) for name, version in components(python)} == {
        (name, pin.version) for name, pin in pins.items()
    }
    [torch] = [c for c in python["components"] if c["name"] == "torch"]
    assert torch["purl"] == "pkg:pypi/torch@2.13.0%2Bcpu"

    packages = json.loads((ROOT / "frontend" / "package-lock.json").read_text())["packages"]
    # What npm ci --omit=dev installs: all but the dev-only packages ("devOptional" ones stay: an
    # optional peer of a production package, as npm itself keeps them).
    shipped = {
        (path.rsplit("node_modules/", 1)[1], entry["version"])
        for path, entry in packages.items()
        if path and not entry.get("dev")
    }
    assert ("react", packages["node_modules/react"]["version"]) in shipped
    assert components(npm) == shipped


def test_the_npm_sbom_generator_is_no_frontend_dependency_but_has_a_lock_of_its_own():
    frontend = json.loads((ROOT / "frontend" / "package.json").read_text())
    frontend_lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text())["packages"]
    assert not [path for path in frontend_lock if "@cyclonedx" in path]  # npm ci of make install skips it
    assert "@cyclonedx/cyclonedx-npm" not in {**frontend["dependencies"], **frontend["devDependencies"]}
    tool = json.loads((ROOT / locks.SBOM_NPM / "package.json").read_text())
    tool_lock = json.loads((ROOT / locks.SBOM_NPM / "package-lock.json").read_text())["packages"]
    pinned = tool["dependencies"]["@cyclonedx/cyclonedx-npm"]
    assert pinned[0].isdigit()  # an exact version
    assert tool_lock["node_modules/@cyclonedx/cyclonedx-npm"]["version"] == pinned
    assert all(entry.get("integrity") for path, entry in tool_lock.items() if path)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def audit_offline(**env: str) -> subprocess.CompletedProcess[str]:
    nowhere = f"http://127.0.0.1:{closed_port()}/"
    return subprocess.run(
        [sys.executable, str(LOCKS), "audit"],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "WELKOM_AUDIT_OSV_URL": nowhere,
            "npm_config_registry": nowhere,
            "npm_config_fetch_retries": "0",
            **env,
        },
    )


def test_audit_without_a_vulnerability_database_says_skipped_not_passed():
    run = audit_offline()
    assert run.returncode == 0
    assert "pip-audit: SKIPPED" in run.stdout
    assert "the Python locks were NOT checked" in run.stdout
    assert "npm audit: SKIPPED" in run.stdout
    assert "package-lock.json was NOT checked" in run.stdout


def test_audit_that_must_run_fails_when_skipped():
    run = audit_offline(WELKOM_AUDIT_REQUIRED="1")
    assert run.returncode == 1
    assert "WELKOM_AUDIT_REQUIRED is set and an audit was skipped." in run.stdout
