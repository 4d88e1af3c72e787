"""What a benchmark figure was measured on: CPU model, vector extensions, cores, load and CPU use.

Every speed figure depends on the host: CTranslate2 picks its kernels by the CPU's vector
extensions (AVX2, AVX-512, AMX), and on a shared machine the other jobs take their part of the
cores. The benches print :func:`describe` next to their figures and measure their own processes'
CPU with :func:`group_cpu_seconds` and the whole machine's with :class:`MachineCpu`.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

# The flags that decide which CTranslate2 / oneDNN kernels run.
VECTOR_FLAGS = re.compile(r"^(avx|avx2|fma|f16c|avx_vnni|avx512\w*|amx\w*)$")


def _cpuinfo() -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return found
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key in ("model name", "flags") and key not in found:
            found[key] = value.strip()
    return found


def cpu_model() -> str:
    return _cpuinfo().get("model name", "unknown CPU")


def vector_extensions() -> list[str]:
    flags = _cpuinfo().get("flags", "").split()
    return sorted({flag for flag in flags if VECTOR_FLAGS.match(flag)})


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def describe() -> str:
    extensions = vector_extensions()
    wide = [flag for flag in extensions if flag.startswith(("avx512", "amx"))]
    kind = (
        "AVX-512"
        if any(flag.startswith("avx512") for flag in wide)
        else "AVX2"
        if "avx2" in extensions
        else "no AVX2"
    )
    return (
        f"CPU: {cpu_model()}, {cores()} cores usable ({os.cpu_count()} online); vector kernels: {kind}"
        f" (flags {' '.join(extensions) or 'none'}); load average {load()}"
    )


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _stat_fields(pid: str) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def group_cpu_seconds(session_ids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the living processes of each session id
    (processes started with ``start_new_session=True`` lead a session of their own pid), plus
    what their finished children used."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(session_ids, 0.0)
    by_session = {sid: name for name, sid in session_ids.items()}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(entry.name)
        if fields is None:
            continue
        name = by_session.get(int(fields[3]))  # field 6 of stat: the session id
        if name is not None:
            # utime, stime, cutime, cstime (fields 14-17)
            totals[name] += sum(int(value) for value in fields[11:15]) / ticks
    return totals


class MachineCpu:
    """The whole machine's busy CPU seconds (from /proc/stat), to compare with one's own share."""

    @staticmethod
    def busy_seconds() -> float:
        try:
            first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return 0.0
        values = [int(value) for value in first]
        idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
        return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class LoadSampler:
    """Samples the 1-minute load average every ``every`` seconds while running."""

    def __init__(self, every: float = 1.0) -> None:
        self.samples: list[float] = []
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self._every)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        return (
            f"min {min(self.samples):.1f}, mean {sum(self.samples) / len(self.samples):.1f},"
            f" max {max(self.samples):.1f} ({len(self.samples)} samples)"
        )
