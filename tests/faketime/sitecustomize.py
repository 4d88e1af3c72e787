"""Loaded by every Python process of a test run under Debian's ``faketime`` (tests/lanes.py puts
this folder first on PYTHONPATH for such runs; ``python -m site`` imports ``sitecustomize``).

The runs keep the monotonic clock real (``DONT_FAKE_MONOTONIC=1``): with a faked monotonic clock,
Python's thread waits (``Event.wait``, ``Lock.acquire(timeout=...)``) never return. But libfaketime
0.9.10, Debian's, then breaks Python 3.11's ``time.sleep``: it sleeps with ``clock_nanosleep`` on
an absolute monotonic deadline, to which libfaketime applies the fake offset, and the kernel answers
EINVAL (libfaketime issue 426, fixed upstream after 0.9.10). ``select()`` with a relative timeout is
left alone, so ``time.sleep`` sleeps on that instead. Nothing changes outside faketime.
"""

import os

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    import select
    import time

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
