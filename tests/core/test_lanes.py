"""make test's lanes (tests/lanes.py): the browser tests run in two shards, the PostgreSQL lane's
tests in two shards or as many as WELKOM_TEST_POSTGRESQL_SHARDS says, and together the
shards of a lane run each of its tests exactly once, whatever the durations files hold."""

from __future__ import annotations

import os
import subprocess
from collections import Counter

import pytest

from tests import lanes

pytestmark = pytest.mark.once(reason="which tests each lane selects is a matter of files, not of a database")


def _collect(lane: lanes.Lane, paths: list[str]) -> subprocess.Popen[str]:
    """The lane's pytest command among ``paths``, collecting only (nothing runs), started."""
    command = [*lane.command(paths), "--collect-only"]
    command = [part for part in command if part != "--durations=10"]
    return subprocess.Popen(
        command,
        cwd=lanes.ROOT,
        env={**os.environ, **lane.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _selected(*collecting: subprocess.Popen[str]) -> list[Counter[str]]:
    """The test ids each collection selected, each with how many items bear it (the API fuzz test's
    generated cases all bear the test's id)."""
    selected = []
    for process in collecting:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output[-4000:]
        selected.append(Counter(line.strip() for line in output.splitlines() if "::" in line))
    return selected


# The browser shards are checked on every browser test (the whole suite is collected to find them).
# The PostgreSQL shards are checked on three folders of it (about 500 items, the fuzz test's among
# them): collecting the whole suite three times costs about 90 s of CPU in every make test, and how
# pytest-split cuts a set does not depend on which set it is.
@pytest.mark.parametrize(
    ("lane", "markers", "paths", "at_least"),
    [
        ("browser", "browser", [], 50),
        ("postgresql", lanes.POSTGRESQL_MARKERS, ["tests/api", "tests/core", "tests/accounts"], 300),
    ],
)
def test_the_shards_of_a_lane_together_run_each_of_its_tests_once(
    lane: str, markers: str, paths: list[str], at_least: int
) -> None:
    every = lanes.lanes({lanes.POSTGRESQL_SHARDS: "2"})
    shards = [shard for name, shard in every.items() if name.startswith(f"{lane}-")]
    assert len(shards) == 2
    assert len({shard.env["DATABASE_URL"] for shard in shards}) == 2  # a database each
    assert len({shard.env["WELKOM_TEST_BROKER_PREFIX"] for shard in shards}) == 2
    assert all(shard.markers == markers for shard in shards)

    whole = lanes.Lane("whole", shards[0].env, markers=markers)
    (expected,) = _selected(_collect(whole, paths))
    # The shards see the same tests when given only the files that hold them.
    files = sorted({test.split("::")[0] for test in expected})
    first, second = _selected(*(_collect(shard, files) for shard in shards))

    assert expected.total() > at_least
    assert first
    assert second
    assert first + second == expected  # each item once, in one shard or the other
    assert first.total() / expected.total() > 0.2  # neither shard is near empty


def test_the_postgresql_lane_runs_in_two_shards_unless_told_otherwise() -> None:
    two = [name for name in lanes.lanes({}) if name.startswith("postgresql")]
    assert two == ["postgresql-1", "postgresql-2"]
    (one,) = (
        lane
        for name, lane in lanes.lanes({lanes.POSTGRESQL_SHARDS: "1"}).items()
        if name.startswith("postgresql")
    )
    assert one.name == "postgresql"
    assert not any(option.startswith("--splits") for option in one.command([]))
    three = [name for name in lanes.lanes({lanes.POSTGRESQL_SHARDS: "3"}) if name.startswith("postgresql")]
    assert three == ["postgresql-1", "postgresql-2", "postgresql-3"]
    for wrong in ("0", "two", "-1"):
        with pytest.raises(SystemExit, match=f"{lanes.POSTGRESQL_SHARDS} must be a whole number, 1 or more"):
            lanes.lanes({lanes.POSTGRESQL_SHARDS: wrong})


def test_the_sqlite_lane_is_one_lane_unless_shards_are_asked_for() -> None:
    """Its shards are cut as the PostgreSQL lane's are (same tests, same durations file, checked
    above); each keeps its own database file, broker folder and key prefix, at the night clock."""
    assert [name for name in lanes.lanes({}) if name.startswith("sqlite")] == ["sqlite"]
    every = lanes.lanes({lanes.SQLITE_SHARDS: "2"})
    shards = [lane for name, lane in every.items() if name.startswith("sqlite")]
    assert [shard.name for shard in shards] == ["sqlite-1", "sqlite-2"]
    for key in ("DATABASE_URL", "WELKOM_TEST_BROKER_DIR", "WELKOM_TEST_BROKER_PREFIX"):
        assert len({shard.env[key] for shard in shards}) == 2, key
    for group, shard in enumerate(shards, start=1):
        assert shard.env["DATABASE_URL"].startswith("sqlite:///")
        assert shard.clock == lanes.NIGHT
        assert shard.markers == "not browser"
        assert f"--group={group}" in shard.options
        assert "--splits=2" in shard.options
        assert f"--durations-path={lanes.POSTGRESQL_DURATIONS}" in shard.options
    with pytest.raises(SystemExit, match=f"{lanes.SQLITE_SHARDS} must be a whole number, 1 or more"):
        lanes.lanes({lanes.SQLITE_SHARDS: "0"})


def test_every_lane_keeps_compiled_modules_out_of_the_sources_and_writes_them() -> None:
    """Each process of a lane reuses what an earlier one compiled, even where the environment says
    not to write bytecode (beside the sources); the cache is under var/, which git ignores."""
    every = lanes.lanes({lanes.POSTGRESQL_SHARDS: "2"})
    assert every.keys() >= {"postgresql-1", "postgresql-2", "browser-1", "browser-2", "sqlite"}
    for lane in every.values():
        env = lanes.environment(lane, {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin"})
        assert "PYTHONDONTWRITEBYTECODE" not in env, lane.name
        assert env["PYTHONPYCACHEPREFIX"] == str(lanes.ROOT / "var" / "pycache"), lane.name
        assert env["PATH"] == "/usr/bin"
    assert lanes.PYCACHE.is_relative_to(lanes.ROOT / "var")
    assert "var/" in (lanes.ROOT / ".gitignore").read_text().split()
