"""pytest. Two stacks, chosen by the environment (``make test`` runs both; see docs/testing.md):

- PostgreSQL and Redis (production's stack), defaulting to this machine's services;
- SQLite and the on-disk Celery broker and result store (the embedded default of ``make run``), when
  ``DATABASE_URL`` is a ``sqlite:///`` address and ``CELERY_BROKER_URL`` is ``filesystem://``.

Everything a run shares with other runs (the database name, Redis keys, broker folders) is derived
from the environment, so parallel runs do not meet.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_TASK_QUEUES, VAR_DIR, database_connection_options, embedded_database_options, env

SECRET_KEY = "test-only-key"
DEBUG = False
DATABASES = {
    "default": embedded_database_options(
        env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/welkom")
    ),
}
# Tests open a connection per request unless told otherwise (worker threads that kept theirs would
# hold the test database open when it is dropped); the gunicorn test sets WELKOM_DB_CONN_MAX_AGE.
database_connection_options(DATABASES["default"], default_max_age=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "config.test_postgresql"  # a faster flush between tests
    # Named here, not left to Django's default ("test_" + NAME, computed when the database is set up):
    # once set up, NAME is the test database's, so a second pytest session in the same process
    # (mutmut's runs, mutation/run.py) would make and migrate test_test_…, then test_test_test_….
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: worker threads and subprocesses open it like make run's processes do.
    _sqlite = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_sqlite.with_name(f"test_{_sqlite.name}"))}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
SSO_ALLOW_HTTP = True  # the test identity provider (tests/sso/provider.py) listens on http://127.0.0.1
TEST_BROKER_PREFIX = env("WELKOM_TEST_BROKER_PREFIX", default="welkom-test:")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Processes a test starts beside itself share one Redis cache, as production's nodes do: the two-node
# test (tests/scale/, WELKOM_TEST_REDIS_CACHE: under the run's broker prefix) and the replay store's
# second web process (tests/sso/test_replay_store.py, WELKOM_TEST_SHARED_CACHE: the prefix to use).
if env("WELKOM_TEST_SHARED_CACHE", default="") or env.bool("WELKOM_TEST_REDIS_CACHE", default=False):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("WELKOM_TEST_SHARED_CACHE", default="") or TEST_BROKER_PREFIX,
        }
    }
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded default's broker and result store, in a folder of this run's own.
    BROKER_DIR = Path(
        env("WELKOM_TEST_BROKER_DIR", default=str(VAR_DIR / "test-broker" / TEST_BROKER_PREFIX.strip(":")))
    )
    for _sub in ("out", "processed", "control", "results"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{BROKER_DIR / 'results'}"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "global_keyprefix": TEST_BROKER_PREFIX,
        # Unacknowledged messages of a killed worker come back after this many seconds.
        "visibility_timeout": env.int("WELKOM_TEST_VISIBILITY_TIMEOUT", default=3600),
    }
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": TEST_BROKER_PREFIX}
CELERY_TASK_QUEUES = CELERY_TASK_QUEUES
# Worker subprocesses in the fault tests write mail to files (DJANGO_EMAIL_BACKEND) to be counted.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# Tests that need the queue turn this off and start a worker (the two-node test's web processes by
# WELKOM_TRANSLATION_INLINE=false).
TRANSLATION_INLINE = env.bool("WELKOM_TRANSLATION_INLINE", default=True)
# The tests' random-weight packages stop after a number of tokens that does not follow the input's
# length (a real model's does): their outputs are compared with argostranslate's, which has no
# limit, so the decoding-length limit is off here, and on in the tests of the limit itself.
TRANSLATION_MAX_LENGTH_RATIO = 0.0
# Tests never reach the public package index: nothing listens here (tests serve their own index).
TRANSLATION_PACKAGE_INDEX_URL = "http://127.0.0.1:9/index.json"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast in tests only
AXES_FAILURE_LIMIT = 5
