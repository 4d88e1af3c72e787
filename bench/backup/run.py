"""How long a backup and a restore take (docs/operations.md): on the demo data (what ``make run``
seeds) and on the demo data plus 10,000 newcomers, each with a profile, a plan and 20 planned steps.

Run with ``make bench-backup``: it uses a database of its own, ``welkom_bench_backup`` (created, and
emptied at each run; BENCH_DATABASE_URL to change it), and a folder of its own for the files and the
archives (a temporary one, removed at the end). For each data set: ``backup_create`` (what
``manage.py backup`` runs), unencrypted and encrypted; then the database is wiped to nothing and
``backup_restore`` (``manage.py restore``) brings the encrypted archive back, and the row counts are
compared. Prints the CPU and the load, since the machine is shared. Not part of the test suite.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/welkom_bench_backup")
NAME = DB_URL.rsplit("/", 1)[1]
NEWCOMERS = int(os.environ.get("BENCH_NEWCOMERS", "10000"))
STEPS = int(os.environ.get("BENCH_STEPS", "20"))
WORK = Path(tempfile.mkdtemp(prefix="welkom-bench-backup-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": DB_URL,
        "WELKOM_VAR_DIR": str(WORK / "var"),
        "WELKOM_BACKUP_DIR": str(WORK / "backups"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.backups.helpers import wipe_database  # noqa: E402
from welkom.accounts.models import User  # noqa: E402
from welkom.backups import services  # noqa: E402
from welkom.backups.crypto import key_generate  # noqa: E402


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def fresh_database() -> None:
    exists = subprocess.run(
        [
            "psql",
            DB_URL.rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{NAME}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", NAME], check=True)
    wipe_database()
    call_command("migrate", interactive=False, verbosity=0)


def demo_data() -> None:
    """What make run prepares: the shipped content and the demo organisation."""
    quiet = io.StringIO()  # their progress lines are not the figures
    call_command("sync_content", verbosity=0, stdout=quiet, stderr=quiet)
    call_command("seed_demo", verbosity=0, stdout=quiet, stderr=quiet)


def newcomers(count: int, steps: int) -> None:
    """``count`` newcomers in the demo organisation, each with a profile, a plan and ``steps`` steps."""
    sql(
        """INSERT INTO accounts_user (password, email, full_name, organisation_id, role, language, time_zone,
           is_active, is_staff, is_superuser, date_joined)
           SELECT '!', 'bench' || g || '@bench.test', 'Newcomer ' || g, o.id, 'newcomer', 'en',
                  'Europe/Amsterdam', true, false, false, now()
           FROM accounts_organisation o, generate_series(1, %s) g WHERE o.slug = 'demo'""",
        [count],
    )
    from welkom.journeys.models import Plan, PlanStage
    from welkom.newcomers.models import NewcomerProfile

    users = list(
        User.objects.filter(email__endswith="@bench.test").values_list("pk", "organisation_id").order_by("pk")
    )
    profiles = NewcomerProfile.objects.bulk_create(
        [
            NewcomerProfile(organisation_id=org, user_id=user, home_country="IN", permit_type="kennismigrant")
            for user, org in users
        ],
        batch_size=2000,
    )
    plans = Plan.objects.bulk_create(
        [Plan(organisation_id=p.organisation_id, profile=p, template_slug="bench") for p in profiles],
        batch_size=2000,
    )
    PlanStage.objects.bulk_create(
        [PlanStage(plan=plan, key="stage", anchor="arrival", title={"en": "Stage"}) for plan in plans],
        batch_size=2000,
    )
    sql(
        """INSERT INTO journeys_planstep (plan_id, stage_id, key, position, kind, ref, owner, "offset",
           offset_unit, local_time, title, body, due_at, pinned, waiting, state)
           SELECT p.id, s.id, 's' || g, g, 'task', '', 'newcomer', g, 'calendar', '09:00',
                  '{"en": "Step"}', '{}', now() + g * interval '1 day', false, false, 'planned'
           FROM journeys_plan p JOIN journeys_planstage s ON s.plan_id = p.id, generate_series(1, %s) g
           WHERE p.template_slug = 'bench'""",
        [steps],
    )


def cpu() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return "unknown"
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return f"{fields.get('Model name', '?').strip()}, {fields.get('CPU(s)', '?').strip()} CPUs"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(label: str, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s (load {load()})")
    return result, seconds


def round_trip(title: str) -> None:
    before = services.tables_in_use()
    print(f"== {title}: {sum(before.values()):,} rows in {len(before)} tables ==")
    plain, _ = timed("backup", lambda: services.backup_create(folder=WORK / "backups", key=""))
    key = key_generate()
    archive, _ = timed("backup, encrypted", lambda: services.backup_create(folder=WORK / "backups", key=key))
    print(f"  archive: {plain.stat().st_size / 1e6:.1f} MB ({archive.stat().st_size / 1e6:.1f} MB encrypted)")
    wipe_database()
    timed(
        "restore (encrypted archive, into an empty database)",
        lambda: services.backup_restore(archive=archive, key=key),
    )
    after = services.tables_in_use()
    assert after == before, "the restored tables hold other row counts than before the backup"
    print("  restored: every table holds the rows it held")
    for path in (plain, archive):
        path.unlink()


def main() -> None:
    print(f"CPU: {cpu()}")
    print(f"load before: {load()}")
    try:
        fresh_database()
        demo_data()
        round_trip("Demo data")
        newcomers(NEWCOMERS, STEPS)
        round_trip(f"Demo data + {NEWCOMERS:,} newcomers ({STEPS} planned steps each)")
    finally:
        connection.close()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
