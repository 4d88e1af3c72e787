"""Benchmark: creating checklists for many newcomers, HR's board and its CSV export.

Run with ``make bench-checklists`` (uses the test database settings; prints figures, asserts nothing
about speed). N newcomers, each with a partner and two children.
"""

import os
import statistics
import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, UserFactory
from welkom.content.services import content_sync
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.services import profile_update

N = int(os.environ.get("BENCH_NEWCOMERS", "300"))


@pytest.mark.django_db
def test_bench_checklists(client):
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists"])
    organisation = OrganisationFactory(slug="bench")
    hr = UserFactory(organisation=organisation, role="hr", email="hr@bench.test")
    timings = []
    for n in range(N):
        user = UserFactory(organisation=organisation, role="newcomer", email=f"n{n}@bench.test")
        profile = NewcomerProfile.objects.create(organisation=organisation, user=user)
        started = time.perf_counter()
        profile_update(
            profile=profile,
            changed_by=hr,
            created=True,
            arrival_on=date(2026, 11, 2) + timedelta(days=n % 60),
            first_day_on=date(2026, 11, 9) + timedelta(days=n % 60),
            has_partner=True,
            tenure="renting",
            municipality="eindhoven",
            children=[{"birth_date": date(2019, 1, 1 + n % 28)}, {"birth_date": date(2011, 5, 1 + n % 28)}],
        )
        timings.append(time.perf_counter() - started)
    client.force_login(hr)

    def timed(url: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed, len(queries), len(body)

    board = timed("/api/checklists/board?page_size=100")
    export = timed("/api/checklists/board.csv")
    print(f"\nnewcomers: {N} (partner, two children, renting)")
    print(
        f"profile save with checklists: median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {sorted(timings)[int(N * 0.95) - 1] * 1000:.1f} ms"
    )
    print(f"board page (100 rows): {board[0] * 1000:.1f} ms, {board[1]} queries")
    print(f"CSV export ({N} rows): {export[0] * 1000:.1f} ms, {export[1]} queries, {export[2]} bytes")
