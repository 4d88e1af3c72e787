"""pytest: PostgreSQL and Redis from the environment, defaulting to this machine's services."""

from .base import *  # noqa: F403
from .base import CELERY_TASK_QUEUES, env

SECRET_KEY = "test-only-key"
DEBUG = False
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/welkom"),
}
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "global_keyprefix": env("WELKOM_TEST_BROKER_PREFIX", default="welkom-test:"),
    # Unacknowledged messages of a killed worker come back after this many seconds.
    "visibility_timeout": env.int("WELKOM_TEST_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_QUEUES = CELERY_TASK_QUEUES
# Worker subprocesses in the fault tests write mail to files (DJANGO_EMAIL_BACKEND) to be counted.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
CELERY_RESULT_BACKEND = REDIS_URL
TRANSLATION_INLINE = True  # tests that need the queue turn this off and start a worker
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast in tests only
AXES_FAILURE_LIMIT = 5
