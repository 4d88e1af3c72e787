"""Production: refuses to start without its secrets; PostgreSQL and Redis from the environment."""

from .base import *  # noqa: F403
from .base import LOGGING, database_connection_options, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: production must set it
DATABASES = {"default": database_connection_options(env.db_url("DATABASE_URL"))}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
REDIS_URL = env("REDIS_URL", default=CELERY_BROKER_URL)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# One JSON object a line (docs/operations.md); WELKOM_LOG_FORMAT=plain for readable text.
LOGGING["handlers"]["console"]["formatter"] = env("WELKOM_LOG_FORMAT", default="json")
