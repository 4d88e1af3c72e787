"""Installs that are the same tomorrow (docs/dependencies.md): the Python locks carry a hash for every
file, agree with pyproject.toml (or make says so), and make install takes nothing from outside them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements" / "locks.py"
CPU_WHEEL = Path("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")

sys.path.insert(0, str(LOCKS.parent))
import locks  # noqa: E402

pytestmark = pytest.mark.once(reason="the locks and their hashes are files")


def checkout_copy(tmp_path: Path) -> Path:
    """The files the lock check reads, in a folder of their own that a test may change."""
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("pyproject.toml", "Makefile", ".tool-versions"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "requirements", root / "requirements")
    return root


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(LOCKS), "--root", str(root), "check"]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_committed_locks_match_pyproject():
    run = run_check(ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_a_dependency_added_to_pyproject_without_make_lock_is_reported(tmp_path):
    root = checkout_copy(tmp_path)
    edit(root / "pyproject.toml", '  "segno>=1.6",\n', '  "segno>=1.6",\n  "python-slugify>=8",\n')
    run = run_check(root)
    assert run.returncode == 1
    assert (
        "requirements/runtime.lock: pyproject.toml asks for python-slugify>=8, the lock does not have it"
        in run.stderr
    )
    assert "requirements/dev.lock: pyproject.toml asks for python-slugify>=8" in run.stderr
    assert "Run 'make lock'" in run.stderr


def test_a_range_that_excludes_the_locked_version_is_reported(tmp_path):
    root = checkout_copy(tmp_path)
    django = locks.read_lock(root / "requirements" / "dev.lock")["django"].version
    edit(root / "pyproject.toml", '"Django>=5.2,<5.3"', '"Django>=6.0,<6.1"')
    run = run_check(root)
    assert run.returncode == 1
    assert f"pyproject.toml asks for Django<6.1,>=6.0, the lock pins django=={django}" in run.stderr


def test_a_dependency_removed_from_pyproject_is_reported(tmp_path):
    root = checkout_copy(tmp_path)
    edit(root / "pyproject.toml", '  "segno>=1.6",\n', "")
    run = run_check(root)
    assert run.returncode == 1
    assert "pins segno==" in run.stderr
    assert "for pyproject.toml, which no longer asks for it" in run.stderr


def test_runtime_and_dev_lock_never_pin_two_versions_of_a_package(tmp_path):
    root = checkout_copy(tmp_path)
    runtime = root / "requirements" / "runtime.lock"
    version = locks.read_lock(runtime)["celery"].version
    edit(runtime, f"celery=={version} ", "celery==5.5.0 ")
    run = run_check(root)
    assert run.returncode == 1
    expected = f"requirements/runtime.lock pins celery==5.5.0, requirements/dev.lock has celery=={version}"
    assert expected in run.stderr


def test_every_locked_file_has_a_hash_and_a_pin_without_one_is_reported(tmp_path):
    for lock in ("runtime.lock", "dev.lock", "sbom.lock"):
        pins = locks.read_lock(ROOT / "requirements" / lock)
        assert pins
        assert all(pin.hashes and all(h.startswith("sha256:") for h in pin.hashes) for pin in pins.values())
    root = checkout_copy(tmp_path)
    dev = root / "requirements" / "dev.lock"
    text = dev.read_text()
    start = text.index("\nsegno==") + 1
    block = text[start : text.index("\n    # via", start)]
    dev.write_text(text.replace(block, block.split(" \\")[0]))
    run = run_check(root)
    assert "requirements/dev.lock: segno==" in run.stderr
    assert "has no --hash" in run.stderr


def test_torch_is_locked_to_the_cpu_build_and_nothing_of_cuda_comes_in():
    for lock in ("runtime.lock", "dev.lock"):
        pins = locks.read_lock(ROOT / "requirements" / lock)
        torch = pins["torch"]
        assert torch.version == "2.13.0+cpu"
        assert not [name for name in pins if name.startswith(("nvidia-", "triton", "cuda-"))]
        if CPU_WHEEL.exists():  # the wheel this machine (and CI) installs from
            assert torch.hashes == [f"sha256:{hashlib.sha256(CPU_WHEEL.read_bytes()).hexdigest()}"]


def test_make_install_installs_only_from_the_lock_with_hashes(tmp_path):
    root = checkout_copy(tmp_path)
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    plan = subprocess.run(
        ["make", "-n", "-C", str(root), "--no-print-directory", ".venv/.installed"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installs = [line for line in plan.splitlines() if re.search(r"\b(pip install|pip sync)\b", line)]
    # pip only bootstraps uv, from uv's own entry in the lock (with its hashes, nothing else).
    assert installs[0] == ".venv/bin/pip install --quiet --require-hashes --no-deps -r .venv/uv.lock"
    show = "uv-entries: ; @$(call lock-entries,uv)"
    entries = subprocess.run(
        ["make", "-s", "-C", str(root), "--no-print-directory", "--eval", show, "uv-entries"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [(name, pin)] = locks.read_lock_text(entries).items()
    assert name == "uv"
    assert pin.version == locks.read_lock(root / "requirements" / "dev.lock")["uv"].version
    assert pin.hashes
    # uv makes the venv exactly the lock, every file checked against its hash, from pip's sources.
    sync, editable = installs[1:]
    assert sync.startswith(".venv/bin/uv pip sync ")
    assert sync.endswith(" --require-hashes requirements/dev.lock")
    assert "$(.venv/bin/python requirements/locks.py pip-sources)" in sync
    # Welkom itself, without its dependencies (they came from the lock) and with the locked setuptools.
    assert editable.startswith(".venv/bin/uv pip install ")
    assert editable.endswith(" --no-deps --no-build-isolation -e .")
    assert len(installs) == 3
    assert plan.index("requirements/locks.py check") < plan.index("pip install")


def test_uv_takes_its_package_sources_from_pip_configuration():
    command = [sys.executable, str(LOCKS), "pip-sources"]
    env = {
        **os.environ,
        "PIP_FIND_LINKS": "/srv/wheels",
        "PIP_INDEX_URL": "https://mirror.example/simple",
        "PIP_EXTRA_INDEX_URL": "file:///srv/a/simple file:///srv/b/simple",
    }
    options = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.split()
    assert options == [
        "--index-url",
        "https://mirror.example/simple",
        "--extra-index-url",
        "file:///srv/a/simple",
        "--extra-index-url",
        "file:///srv/b/simple",
        "--find-links",
        "/srv/wheels",
    ]
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "/srv/wheels"}
    options = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.split()
    assert "--no-index" in options


def test_make_install_stops_with_a_clear_message_when_the_lock_is_stale(tmp_path):
    root = checkout_copy(tmp_path)
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    edit(root / "pyproject.toml", '  "segno>=1.6",\n', '  "python-slugify>=8",\n')
    run = subprocess.run(
        ["make", "-C", str(root), "--no-print-directory", ".venv/.installed"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "The Python locks do not match pyproject.toml" in run.stderr
    assert "Run 'make lock'" in run.stderr
    assert "pip install" not in run.stdout
    assert "uv pip" not in run.stdout


def test_the_lock_tools_and_the_sbom_generator_are_in_the_lock():
    dev = locks.read_lock(ROOT / "requirements" / "dev.lock")
    sbom = locks.read_lock(ROOT / "requirements" / "sbom.lock")
    for name in ("pip-tools", "build", "click", "pip", "pyproject-hooks", "setuptools", "wheel", "packaging"):
        assert name in dev, name  # make lock installs these from the lock (LOCK_TOOLS)
    assert dev["uv"].hashes  # make install's installer, itself installed from the lock
    assert sbom["cyclonedx-bom"].version == dev["cyclonedx-bom"].version


@pytest.mark.parametrize("lock", ["runtime.lock", "dev.lock"])
def test_the_lock_header_says_how_make_lock_made_it(lock):
    header = (ROOT / "requirements" / lock).read_text().split("\n\n")[0]
    assert "pip-compile with Python 3.11" in header
    assert f"--output-file=requirements/{lock}" in header
    assert "--generate-hashes" in header


def test_the_release_image_installs_from_the_runtime_lock_and_carries_the_sboms():
    dockerfile = (ROOT / "backend" / "Dockerfile").read_text()
    installs = re.findall(r"pip install [^\n&]*", dockerfile)
    assert installs == [
        "pip install --no-cache-dir --require-hashes -r requirements/sbom.lock ",
        "pip install --no-cache-dir --require-hashes -r requirements/runtime.lock",
        "pip install --no-cache-dir --no-deps --no-build-isolation .",
    ]
    assert "--output-file /app/sbom/welkom-python.cdx.json requirements/runtime.lock" in dockerfile
    assert "--output-file /app/sbom/welkom-npm.cdx.json" in dockerfile
    assert "COPY --from=sbom /app/sbom/ sbom/" in dockerfile
    assert "COPY --from=frontend /app/sbom/ sbom/" in dockerfile
