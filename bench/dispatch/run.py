"""Dispatch benchmark (PostgreSQL + Redis + real Celery worker processes).

1. 100,000 planned steps, 10,000 of them due: time until a real worker pool has sent them all
   (steps marked sent, every e-mail/push delivery done).
2. The tick's query (due, unsent steps, FOR UPDATE SKIP LOCKED, one batch) with 10,000 and with
   1,000,000 not-yet-due rows beside 10,000 due ones, and its EXPLAIN.

Run with ``make bench-dispatch`` (database welkom_bench_dispatch, created and migrated here);
BENCH_PART=dispatch or BENCH_PART=query runs one half, BENCH_CONCURRENCY sets the worker processes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/welkom_bench_dispatch")
BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
PREFIX = f"bench-{uuid.uuid4().hex[:6]}:"
WORKERS = int(os.environ.get("BENCH_CONCURRENCY", "2"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.test",
    "DATABASE_URL": DB_URL,
    "REDIS_URL": BROKER,
    "CELERY_BROKER_URL": BROKER,
    "WELKOM_TEST_BROKER_PREFIX": PREFIX,
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from welkom.journeys.dispatch import due_steps  # noqa: E402
from welkom.journeys.models import PlanStep  # noqa: E402
from welkom.notifications.models import Delivery  # noqa: E402

NAME = DB_URL.rsplit("/", 1)[1]


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def build(plans: int, steps_per_plan: int, due: int) -> None:
    """Organisation, newcomers with a profile and a plan each, steps by generate_series."""
    sql("TRUNCATE accounts_organisation, journeys_journeytemplate RESTART IDENTITY CASCADE")
    sql(
        "INSERT INTO accounts_organisation (name, slug, default_language, created_at) VALUES ('Bench','bench','en',now())"
    )
    sql(
        """INSERT INTO accounts_user (password, email, full_name, organisation_id, role, language, time_zone,
           is_active, is_staff, is_superuser, date_joined)
           SELECT '!', 'n' || g || '@bench.test', 'Newcomer ' || g, 1, 'newcomer', 'en', 'Europe/Amsterdam',
                  true, false, false, now() FROM generate_series(1, %s) g""",
        [plans],
    )
    sql(
        """INSERT INTO newcomers_newcomerprofile (organisation_id, user_id, home_country, languages_spoken,
           preferred_language, time_zone, has_partner, tenure, stays_longer_than_4_months, permit_type,
           municipality, created_at, updated_at, arrival_on)
           SELECT 1, id, 'IN', '[]', 'en', 'Europe/Amsterdam', false, 'renting', true, 'kennismigrant', '',
                  now(), now(), current_date FROM accounts_user"""
    )
    sql(
        "INSERT INTO journeys_plan (organisation_id, profile_id, template_slug, created_at) "
        "SELECT 1, id, 'bench', now() FROM newcomers_newcomerprofile"
    )
    sql(
        "INSERT INTO journeys_planstage (plan_id, key, position, anchor, offset_days, title) "
        "SELECT id, 'stage', 0, 'arrival', 0, '{\"en\": \"Stage\"}' FROM journeys_plan"
    )
    add_steps(steps_per_plan, due_first=due)


def add_steps(steps_per_plan: int, due_first: int = 0, start_key: int = 0) -> None:
    """``steps_per_plan`` steps for every plan; the first ``due_first`` of all are due (in the past),
    the rest are months ahead."""
    sql(
        """INSERT INTO journeys_planstep (plan_id, stage_id, key, position, kind, ref, owner, "offset", offset_unit,
           local_time, title, body, due_at, pinned, waiting, state)
           SELECT p.id, s.id, 's' || (g + %s), 0, 'task', '', 'newcomer', 0, 'calendar', '09:00',
                  '{"en": "Step"}', '{}',
                  CASE WHEN row_number() OVER (ORDER BY p.id, g) <= %s
                       THEN now() - interval '1 hour' - (random() * interval '30 days')
                       ELSE now() + interval '30 days' + (random() * interval '150 days') END,
                  false, false, 'planned'
           FROM journeys_plan p JOIN journeys_planstage s ON s.plan_id = p.id, generate_series(1, %s) g""",
        [start_key, due_first, steps_per_plan],
    )
    sql("ANALYZE journeys_planstep")


def tick_query_ms(runs: int = 30) -> tuple[float, str]:
    """Median time of the dispatcher's batch query, inside a transaction as the tick runs it."""
    query = due_steps(timezone.now()).select_for_update(skip_locked=True, of=("self",))[:200]
    with transaction.atomic():  # the compiler refuses FOR UPDATE outside a transaction
        compiled, params = query.values_list("id", flat=True).query.sql_with_params()
    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("BEGIN")
            started = time.perf_counter()
            cursor.execute(compiled, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
            cursor.execute("ROLLBACK")
        cursor.execute("EXPLAIN ANALYZE " + compiled, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return statistics.median(timings), plan


def dispatch_with_workers(due: int) -> tuple[float, float]:
    """Seconds until every due step is marked sent (the ticks' work), and until every e-mail and
    push delivery is done too (the delivery tasks' work)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'backend'}"}
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "-Q",
            "default,notifications",
            "--pool=prefork",
            f"--concurrency={WORKERS}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench-{uuid.uuid4().hex[:6]}@%h",
        ],
        cwd=ROOT / "backend",
        env=env,
        start_new_session=True,
    )
    from config.celery import app

    try:
        time.sleep(3)
        started = time.perf_counter()
        last_tick = 0.0
        steps_done_at = None
        while True:
            now = time.perf_counter()
            if (
                now - last_tick >= 5
            ):  # a beat, faster than every minute so the run is not dominated by waiting
                for _ in range(WORKERS):
                    app.send_task("welkom.journeys.tasks.dispatch_tick", queue="default", expires=30)
                last_tick = now
            sent = PlanStep.objects.filter(state="sent").count()
            if sent >= due and steps_done_at is None:
                steps_done_at = time.perf_counter() - started
            pending = Delivery.objects.filter(status="pending").count()
            if steps_done_at is not None and pending == 0:
                return steps_done_at, time.perf_counter() - started
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, 15)  # warm shutdown; a task it was running goes back to the queue
        worker.wait(timeout=60)


def main() -> None:
    exists = subprocess.run(
        [
            "psql",
            DB_URL.rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{NAME}'",
        ],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", NAME], check=True)
    call_command("migrate", verbosity=0)

    if os.environ.get("BENCH_PART") != "query":
        dispatch_part()
    if os.environ.get("BENCH_PART") != "dispatch":
        query_part()


def dispatch_part() -> None:
    print("== Dispatch: 100,000 planned steps, 10,000 due ==")
    build(plans=1000, steps_per_plan=100, due=10_000)
    print(f"planned steps: {PlanStep.objects.count():,}, due: {due_steps(timezone.now()).count():,}")
    steps_seconds, seconds = dispatch_with_workers(10_000)
    print(
        f"ticks: all 10,000 steps marked sent with their notifications in {steps_seconds:.1f} s "
        f"({10_000 / steps_seconds:.0f} steps/s)"
    )
    print(
        f"dispatch: every e-mail/push delivery done after {seconds:.1f} s with {WORKERS} worker process(es) "
        f"({10_000 / seconds:.0f} steps/s, {Delivery.objects.count():,} delivery rows)"
    )


def query_part() -> None:
    print("\n== Tick query: 10,000 due beside 10,000 vs 1,000,000 not-yet-due ==")
    build(plans=1000, steps_per_plan=20, due=10_000)
    small_ms, _small_plan = tick_query_ms()
    print(f"10,000 not yet due:    median {small_ms:.2f} ms")
    add_steps(990, start_key=1000)  # 990 more per plan: 1,000,000 not yet due
    future = PlanStep.objects.filter(due_at__gt=timezone.now()).count()
    large_ms, large_plan = tick_query_ms()
    print(f"{future:,} not yet due: median {large_ms:.2f} ms")
    print("\nEXPLAIN ANALYZE (1,000,000 not yet due):\n" + large_plan)
    assert "step_due_idx" in large_plan, "the tick query does not use the partial index"


if __name__ == "__main__":
    main()
