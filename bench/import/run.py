"""How long importing a file of 1,000 arrivals takes, and how many queries it needs.
Run with `make bench-import` (target: under a minute on the project's 2-core machine).

Creates its own database (the test database's name + ``_bench_import``), loads the shipped
checklists and journeys, builds a 1,000-row CSV file like HR's, and times the two steps HR waits
for: the preview (reading and checking the file) and the import itself (the service the Celery
task runs: profiles, invitations, checklists and journey plans in one transaction). Prints the CPU,
the load before and after (the machine is shared, so the query count is the figure that does not
depend on load). Not part of the test suite; one run per call.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000"))


def cpu() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return "unknown"
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    flags = fields.get("Flags", "")
    vector = " ".join(f for f in ("avx2", "avx512f", "amx_tile") if f in flags.split())
    return f"{fields.get('Model name', '?').strip()}, {fields.get('CPU(s)', '?').strip()} CPUs ({vector})"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.arrivals.files import as_csv, people
    from tests.conftest import make_org
    from welkom.arrivals import services
    from welkom.arrivals.models import ArrivalImport
    from welkom.content.services import content_sync
    from welkom.newcomers.models import NewcomerProfile

    content_sync(root=settings.CONTENT_DIR, kinds=["checklists", "journeys"])
    org = make_org(f"bench-{uuid.uuid4().hex[:8]}")
    data = as_csv(people(ROWS))
    print(f"CPU: {cpu()}")
    print(f"load before: {load()}")

    started = time.perf_counter()
    preview = services.import_preview_create(
        uploaded_by=org["hr"], upload=SimpleUploadedFile("arrivals.csv", data)
    )
    preview_seconds = time.perf_counter() - started
    assert preview.error_row_count == 0, "the bench file should have no errors"
    ArrivalImport.objects.filter(pk=preview.pk).update(status="queued", confirmed_by=org["hr"])

    queries: Counter[str] = Counter()
    waited = [0.0]  # seconds spent in database round trips

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries[sql.split()[0].upper()] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - started

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        done = services.import_run(import_id=preview.pk)
    import_seconds = time.perf_counter() - started
    assert done is not None
    assert done.status == "done", done.error
    assert NewcomerProfile.objects.filter(organisation=org.organisation).count() == ROWS
    total = sum(queries.values())

    print(f"load after:  {load()}")
    print(f"file: {ROWS} rows, {len(data) / 1024:.0f} KiB CSV")
    print(f"preview (read + check): {preview_seconds:.1f} s")
    print(f"import (one transaction): {import_seconds:.1f} s, {import_seconds / ROWS * 1000:.0f} ms per row")
    print(
        f"queries: {total} ({total / ROWS:.1f} per row): "
        + ", ".join(f"{k} {v}" for k, v in queries.most_common())
    )
    # Round trips grow with the load of a shared machine; this split lets a reader scale the figure.
    print(
        f"in database round trips: {waited[0]:.1f} s ({waited[0] / total * 1000:.2f} ms per query); "
        f"in Python: {import_seconds - waited[0]:.1f} s"
    )


if __name__ == "__main__":
    base = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"]["NAME"] = f"{base}_bench_import"
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        teardown_databases(databases, verbosity=0)
