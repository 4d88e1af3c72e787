"""The newcomer's home in process: CPU time per call (``time.process_time``) through Django's test
client, against a database prepared as ``bench/home/run.py`` prepares it, beside the same bare view.
No server and no load generator: what one call costs in Python and the database driver, steadier on
a shared machine than requests/s.

    BENCH_DATABASE_URL=postgres://…/welkom_x .venv/bin/python bench/home/inprocess.py
    BENCH_KEEP_DB=1 …  # reuse the database of the last run
    BENCH_CALLS=200 BENCH_BATCHES=5  # calls per batch, batches (the median batch is printed)
    BENCH_ONLY=/bench/bare,/api/me  # only these calls (as printed)
    BENCH_PROFILE=/api/journeys/today,/api/journeys/plans/{plan}  # and a cProfile of each (wall time)

A call's figure is the median over the batches of its mean CPU time per call (milliseconds).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

CALLS = int(os.environ.get("BENCH_CALLS", "200"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "5"))
PROFILE = os.environ.get("BENCH_PROFILE", "")
ONLY = os.environ.get("BENCH_ONLY", "").split(",") if os.environ.get("BENCH_ONLY") else []


def main() -> None:
    print(f"CPU: {run.cpu_model()}", flush=True)
    print(f"Load before: {run.load()}", flush=True)
    if not run.KEEP_DB:
        print(f"Preparing {run.DATABASE_URL} with {run.NEWCOMERS} newcomers …", flush=True)
        run.prepare_database()
    run.setup_django()
    if not run.KEEP_DB:
        run.seed()
    import json

    from django.test import Client

    from welkom.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=run.SIGNED_IN))
    plan = json.loads(client.get("/api/journeys/today").content)["plan"]
    calls = [run.BARE, *(call.format(plan=plan) for call in run.HOME_CALLS)]
    for path in calls:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        for _ in range(20):  # warm up
            client.get(path)
    print(f"\n{'call':<42}{'CPU ms per call (median batch)':>32}{'range':>16}")
    measured = [path for path in calls if not ONLY or path in ONLY]
    for path in measured:
        batches = []
        for _ in range(BATCHES):
            start = time.process_time()
            for _ in range(CALLS):
                client.get(path)
            batches.append((time.process_time() - start) * 1000 / CALLS)
        ranged = f"{min(batches):.2f}-{max(batches):.2f}"
        print(f"{path:<42}{statistics.median(batches):>32.2f}{ranged:>16}", flush=True)
    for path in filter(None, PROFILE.split(",")):
        profiler = cProfile.Profile()  # wall time (a CPU-time timer costs a system call per function call)
        profiler.enable()
        for _ in range(CALLS):
            client.get(path.format(plan=plan))
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(80)
        print(f"cProfile of {path}, {CALLS} calls:\n{out.getvalue()}")
    print(f"Load after: {run.load()}")


if __name__ == "__main__":
    main()
