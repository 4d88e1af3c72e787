"""How long loading modules and reading the library take. Run with `make bench-modules`.

Creates its own database (welkom_bench_modules) on the test server, loads the shipped modules and a
library of copies, and prints medians. Not part of the test suite.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

COPIES = 20


def timed(action, runs: int = 1) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    from tests.factories import OrganisationFactory, UserFactory
    from welkom.content.services import content_sync
    from welkom.modules.models import Module

    shipped = Path(settings.CONTENT_DIR)
    work = Path(tempfile.mkdtemp(prefix="welkom-bench-"))
    try:
        shutil.copytree(shipped / "modules", work / "modules")
        rows = []
        rows.append(("sync 12 shipped modules, first load", timed(lambda: content_sync(root=work))))
        rows.append(("sync 12 shipped modules, unchanged", timed(lambda: content_sync(root=work), runs=5)))
        for folder in sorted((shipped / "modules").iterdir()):
            for number in range(1, COPIES):
                shutil.copytree(folder, work / "modules" / f"{folder.name}-{number}")
        total = len(list((work / "modules").iterdir()))
        rows.append((f"sync {total} modules, {total - 12} new", timed(lambda: content_sync(root=work))))
        rows.append((f"sync {total} modules, unchanged", timed(lambda: content_sync(root=work), runs=5)))

        organisation = OrganisationFactory(slug="bench")
        newcomer = UserFactory(organisation=organisation, role="newcomer")
        client = Client()
        client.force_login(newcomer)
        client.get("/api/modules")
        rows.append(("GET /api/modules (page of 25)", timed(lambda: client.get("/api/modules"), runs=30)))
        queries: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get("/api/modules")
        assert response.status_code == 200, response.content
        slug = Module.objects.order_by("slug").first().slug  # type: ignore[union-attr]
        rows.append((f"GET /api/modules/{slug}", timed(lambda: client.get(f"/api/modules/{slug}"), runs=30)))
        answer = {"choices": ["work"]}
        url = "/api/modules/direct-feedback/quiz/code-review"
        rows.append(
            (
                "POST a quiz answer",
                timed(lambda: client.post(url, answer, content_type="application/json"), runs=30),
            )
        )
    finally:
        shutil.rmtree(work)

    width = max(len(name) for name, _ in rows)
    print(f"\n{'measure':<{width}}  median ms")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.1f}")
    print(f"\nqueries for one library page: {len(queries)}")


if __name__ == "__main__":
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "welkom_bench_modules"
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        teardown_databases(databases, verbosity=0)
