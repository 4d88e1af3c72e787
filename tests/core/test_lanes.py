"""make test's lanes (tests/lanes.py): the browser tests run in two shards, and together the shards
run every browser test exactly once, whatever tests/.test_durations holds."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests import lanes

pytestmark = pytest.mark.once(reason="which tests each lane selects is a matter of files, not of a database")


def _selected(lane: lanes.Lane, paths: list[str]) -> set[str]:
    """The test ids the lane's pytest command selects among ``paths`` (collected, not run)."""
    command = [*lane.command(paths), "--collect-only"]
    command = [part for part in command if part != "--durations=10"]
    result = subprocess.run(
        command,
        cwd=lanes.ROOT,
        env={**os.environ, **lane.env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line.strip() for line in result.stdout.splitlines() if "::" in line}


def test_the_browser_shards_together_run_every_browser_test_once() -> None:
    every = lanes.lanes({})
    shards = [lane for name, lane in every.items() if name.startswith("browser-")]
    assert len(shards) == lanes.BROWSER_SHARDS == 2
    assert len({lane.env["DATABASE_URL"] for lane in shards}) == 2  # a database each
    assert len({lane.env["WELKOM_TEST_BROKER_PREFIX"] for lane in shards}) == 2

    whole = lanes.Lane("whole", shards[0].env, markers="browser")
    expected = _selected(whole, [])  # the whole suite collected once, to find every browser test
    # The shards see the same browser tests when given only their files (and import nothing else).
    files = sorted({test.split("::")[0] for test in expected})
    first, second = (_selected(lane, files) for lane in shards)

    assert len(expected) > 50
    assert first
    assert second
    assert not first & second
    assert first | second == expected
