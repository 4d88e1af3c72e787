"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from kombu import Exchange, Queue

from welkom.core.storage import storages_setting

BACKEND_DIR = Path(__file__).resolve().parents[2]
ROOT_DIR = BACKEND_DIR.parent

django_stubs_ext.monkeypatch()

env = environ.Env()
environ.Env.read_env(str(ROOT_DIR / ".env"), overwrite=False)

# Where the embedded default keeps its database, broker, cache, beat schedule and files.
VAR_DIR = Path(env("WELKOM_VAR_DIR", default=str(ROOT_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("WELKOM_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "welkom.core.admin_site.WelkomAdminConfig",  # django.contrib.admin, open to content reviewers
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_vite",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "welkom.core",
    "welkom.content",
    "welkom.api",
    "welkom.accounts",
    "welkom.newcomers",
    "welkom.notifications",
    "welkom.journeys",
    "welkom.offline",
    "welkom.push",
    "welkom.modules",
    "welkom.language",
    "welkom.checklists",
    "welkom.translation",
    "welkom.chat",
    "welkom.audit",
    "welkom.privacy",
    "welkom.security",
    "welkom.arrivals",
    "welkom.backups",
    "welkom.monitoring",
    "welkom.terms",
    "welkom.feedback",
    "welkom.speech",
    "welkom.sso",
    "welkom.demo",  # manage.py seed_demo (on top of every app)
]

MIDDLEWARE = [
    "welkom.monitoring.request_id.RequestIdMiddleware",
    "welkom.monitoring.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "welkom.core.middleware.PersonLanguageMiddleware",
    "welkom.offline.middleware.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "welkom.security.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# The embedded default is SQLite on disk; production sets DATABASE_URL (PostgreSQL).
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'welkom.sqlite3'}"),
}


def embedded_database_options(database: dict[str, Any]) -> dict[str, Any]:
    """The SQLite options of the embedded default (the SQLite test lane uses the same ones)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web process, worker and beat share the file; IMMEDIATE avoids lock upgrades.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    database["ATOMIC_REQUESTS"] = False
    return database


def database_connection_options(database: dict[str, Any], *, default_max_age: int = 60) -> dict[str, Any]:
    """Persistent connections: each thread keeps its database connection for CONN_MAX_AGE seconds
    (WELKOM_DB_CONN_MAX_AGE; 0 opens one per request) and checks it before reusing it."""
    database["CONN_MAX_AGE"] = env.int("WELKOM_DB_CONN_MAX_AGE", default=default_max_age)
    database["CONN_HEALTH_CHECKS"] = env.bool("WELKOM_DB_CONN_HEALTH_CHECKS", default=True)
    return database


embedded_database_options(DATABASES["default"])
database_connection_options(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# User.email is unique among accounts with a password (a conditional constraint), not on every row:
# an invitation's placeholder may share the address (see welkom.accounts.models). Logging in looks
# the address up among accounts with a password only (UserManager.get_by_natural_key).
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env.int("WELKOM_PASSWORD_RESET_SECONDS", default=60 * 60 * 24)
INVITATION_VALID_DAYS = env.int("WELKOM_INVITATION_VALID_DAYS", default=14)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
# Two-factor authentication (TOTP, django-otp) for HR and admin when the organisation requires it.
OTP_TOTP_ISSUER = env("WELKOM_OTP_ISSUER", default="Welkom")
TWO_FACTOR_ROLES = ("hr", "admin")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # the SPA reads it to send X-CSRFToken

# Sign-in with the organisation's own OpenID Connect provider (welkom.sso; docs/sign-in.md).
SSO_HTTP_TIMEOUT = env.float("WELKOM_SSO_HTTP_TIMEOUT", default=5.0)
# Providers on plain http:// (a test provider on this machine); never in production.
SSO_ALLOW_HTTP = env.bool("WELKOM_SSO_ALLOW_HTTP", default=False)

# The client's address (rate limits, lock-out): REMOTE_ADDR, unless Django runs behind this many
# reverse proxies that each append the address they saw to X-Forwarded-For (nginx in front: 1).
# Never set it higher than the proxies you run: clients could then choose their own address.
TRUSTED_PROXY_COUNT = env.int("WELKOM_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "welkom.core.client_address.client_address"

# Lockout after repeated failures (django-axes): per e-mail address and IP.
AXES_FAILURE_LIMIT = env.int("WELKOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("WELKOM_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "welkom.accounts.apis.lockout_response"
AXES_VERBOSE = False

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
]
LANGUAGES_BIDI = ["ar"]
# Server text (gettext): translations/server/<language>/LC_MESSAGES/django.po, compiled to .mo.
LOCALE_PATHS = [ROOT_DIR / "translations" / "server"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files and the frontend ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
FRONTEND_DIST = ROOT_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.exists() else []
# The server's voice (welkom.speech): the espeak-ng program to run.
WELKOM_ESPEAK = env("WELKOM_ESPEAK", default="espeak-ng")
TRANSLATIONS_DIR = Path(env("WELKOM_TRANSLATIONS_DIR", default=str(ROOT_DIR / "translations")))
CONTENT_DIR = Path(env("WELKOM_CONTENT_DIR", default=str(ROOT_DIR / "content")))
MEDIA_ROOT = env("WELKOM_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Personal files (exports, documents): outside the web root, served only by permission-checked views.
PRIVATE_STORAGE_ROOT = env("WELKOM_PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private"))
# Every file a person or a job writes (documents, exports, spoken audio, language-package archives):
# folders under var/ (local, the embedded default) or one S3-compatible bucket (s3) that every node
# shares. docs/scaling.md.
WELKOM_STORAGE = env("WELKOM_STORAGE", default="local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    **storages_setting(
        kind=WELKOM_STORAGE,
        bucket=env("WELKOM_S3_BUCKET", default=""),
        endpoint_url=env("WELKOM_S3_ENDPOINT_URL", default=""),
        region=env("WELKOM_S3_REGION", default=""),
        access_key=env("WELKOM_S3_ACCESS_KEY_ID", default=""),
        secret_key=env("WELKOM_S3_SECRET_ACCESS_KEY", default=""),
        addressing_style=env("WELKOM_S3_ADDRESSING_STYLE", default=""),
    ),
}
PRIVACY_EXPORT_VALID_HOURS = env.int("WELKOM_EXPORT_VALID_HOURS", default=48)
PRIVACY_MIN_RETENTION_DAYS = 1
DJANGO_VITE = {
    "default": {
        "dev_mode": env.bool("WELKOM_VITE_DEV", default=False),
        "dev_server_host": "127.0.0.1",
        "dev_server_port": env.int("WELKOM_VITE_PORT", default=5173),
        "manifest_path": FRONTEND_DIST / "manifest.json",
        "static_url_prefix": "",
    }
}

# --- Uploads ------------------------------------------------------------------------------------
# Reading stops at the endpoint's limit (welkom.core.uploads), before anything is written to disk;
# endpoints that take no file accept none bigger than DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB).
# A reverse proxy in front should refuse bigger bodies itself (docs/security.md).
FILE_UPLOAD_HANDLERS = [
    "welkom.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
CHECKLIST_DOCUMENT_MAX_BYTES = env.int("WELKOM_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- Browser security headers ------------------------------------------------------------------
# Content Security Policy (django-csp): scripts, styles and connections only from this site, no
# inline script, no framing. The built frontend (django-vite tags) satisfies it; a browser test
# records every violation. In Vite dev mode local.py adds the dev server.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["welkom.core.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "welkom.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "welkom.core.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "welkom.core.parsers.JSONParser",  # refuses JSON nested deeper than a request ever needs
        "rest_framework.parsers.FormParser",
        "welkom.core.parsers.MultiPartParser",  # 413 once an upload passes its endpoint's limit
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Stock DRF throttles count the same client address as welkom.core.throttling's.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "login": env("WELKOM_LOGIN_RATE", default="20/min"),
        "invitation": env("WELKOM_INVITATION_RATE", default="30/min"),
        "password_reset": env("WELKOM_PASSWORD_RESET_RATE", default="5/min"),
    },
}
CSRF_FAILURE_VIEW = "welkom.core.errors.csrf_failure"
SPECTACULAR_SETTINGS = {
    "TITLE": "Welkom API",
    "DESCRIPTION": "Onboarding for newcomers to Dutch employers. Session authentication with CSRF.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FeedbackItemKindEnum": "welkom.feedback.models.ItemKind",
        "SpeechSourceKindEnum": "welkom.speech.sources.SourceKind",
        "RoleEnum": "welkom.accounts.models.Role",
        "StepKindEnum": "welkom.journeys.models.StepKind",
        "ModuleProgressStatusEnum": "welkom.modules.models.ProgressStatus",
        "ModuleTranslationStatusEnum": "welkom.modules.models.ModuleTranslationStatus",
        "LevelEnum": "welkom.language.models.Level",
        "SessionStatusEnum": "welkom.language.models.SessionStatus",
        "EnrolmentStatusEnum": "welkom.language.models.EnrolmentStatus",
        "PlanStatusEnum": "welkom.language.models.PlanStatus",
        "SessionKindEnum": "welkom.language.models.SessionKind",
        "MilestoneKindEnum": "welkom.language.models.MilestoneKind",
        "OptionKindEnum": ["more_hours", "later_date", "lower_target"],
        "ChecklistItemStatusEnum": "welkom.checklists.models.ItemStatus",
        "ChannelKindEnum": "welkom.chat.models.ChannelKind",
        "ArrivalColumnEnum": "welkom.arrivals.serializers.COLUMN_CHOICES",
        "CohortAspectStateEnum": "welkom.arrivals.serializers.ASPECT_STATES",
        "CohortInvitationStateEnum": "welkom.arrivals.serializers.INVITATION_STATES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "welkom.api.schema.add_error_schema",
    ],
}

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery -----------------------------------------------------------------------------------
# The embedded default is a broker that lives on disk, so nothing has to be installed.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# Only tasks that answer a waiting request (translation) store a result; everything else ignores it.
# With Redis the result lives there; the embedded default keeps it in files beside the broker.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or f"file://{BROKER_DIR / 'results'}")
if CELERY_RESULT_BACKEND.startswith("file://"):
    (BROKER_DIR / "results").mkdir(parents=True, exist_ok=True)
CELERY_RESULT_EXPIRES = 600
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = (
    Queue("default", Exchange("default"), routing_key="default"),
    Queue("notifications", Exchange("notifications"), routing_key="notifications"),
    Queue("translation", Exchange("translation"), routing_key="translation"),
)
CELERY_TASK_ROUTES = {
    "welkom.accounts.tasks.*": {"queue": "notifications"},
    "welkom.notifications.tasks.*": {"queue": "notifications"},
    "welkom.translation.tasks.package_download": {"queue": "default"},  # network, not the model
    "welkom.translation.tasks.*": {"queue": "translation"},
    "welkom.language.tasks.*": {"queue": "notifications"},
    "welkom.chat.tasks.message_translate": {"queue": "translation"},
    "welkom.chat.tasks.reader_messages_translate": {"queue": "translation"},
    "welkom.chat.tasks.mentions_send_due": {"queue": "notifications"},
}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers log through Django's LOGGING (JSON in production, with the request id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule lives here, in code, where it is reviewed.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "core-heartbeat": {"task": "welkom.core.tasks.heartbeat", "schedule": crontab(minute="*")},
    "journeys-dispatch": {"task": "welkom.journeys.tasks.dispatch_tick", "schedule": crontab(minute="*")},
    "journeys-overdue": {"task": "welkom.journeys.tasks.overdue_check", "schedule": crontab(minute="*/15")},
    "journeys-hr-digest": {
        "task": "welkom.journeys.tasks.hr_digest",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),  # 08:00/09:00 in Amsterdam
    },
    "language-lesson-reminders": {
        "task": "welkom.language.tasks.lesson_reminders_send",
        "schedule": crontab(minute="*/5"),
    },
    "chat-mentions-send-due": {
        "task": "welkom.chat.tasks.mentions_send_due",
        "schedule": crontab(minute="*"),
    },
    "chat-retention": {
        "task": "welkom.chat.tasks.retention_apply",
        "schedule": crontab(hour="3", minute="30"),
    },
    "privacy-exports-expire": {
        "task": "welkom.privacy.tasks.exports_expire",
        "schedule": crontab(minute="*/15"),
    },
    "privacy-retention-apply": {
        "task": "welkom.privacy.tasks.retention_apply",
        "schedule": crontab(hour="3", minute="17"),
    },
    "backups-nightly": {
        "task": "welkom.backups.tasks.backup_scheduled",
        "schedule": crontab(hour=env.int("WELKOM_BACKUP_HOUR_UTC", default=1), minute=45),
    },
    "offline-idempotency-prune": {
        "task": "welkom.offline.tasks.idempotency_records_prune",
        "schedule": crontab(minute=17, hour=3),
    },
}

# --- Backups (manage.py backup / restore, docs/operations.md) ----------------------------------
BACKUP_DIR = env("WELKOM_BACKUP_DIR", default=str(VAR_DIR / "backups"))
# A Fernet key (`manage.py backup --make-key`) that encrypts every archive; keep it apart from them.
BACKUP_KEY = env("WELKOM_BACKUP_KEY", default="")
BACKUP_KEEP_DAILY = env.int("WELKOM_BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("WELKOM_BACKUP_KEEP_WEEKLY", default=4)

# --- Monitoring (docs/operations.md) -----------------------------------------------------------
# Prometheus scrapes /api/metrics with this bearer token; unset, the endpoint answers nobody.
METRICS_TOKEN = env("WELKOM_METRICS_TOKEN", default="")

# /api/health calls a worker stuck when one of its queues holds more messages than this.
HEALTH_QUEUE_MAX = env.int("WELKOM_HEALTH_QUEUE_MAX", default=500)

# Error reporting (Sentry SDK; self-hosted Sentry or GlitchTip): off unless a DSN is set.
SENTRY_DSN = env("WELKOM_SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("WELKOM_SENTRY_ENVIRONMENT", default="production")

# --- Journeys and notifications -------------------------------------------------------------
JOURNEYS_DISPATCH_BATCH = env.int("WELKOM_JOURNEYS_DISPATCH_BATCH", default=200)
JOURNEYS_REMIND_AFTER_DAYS = env.int("WELKOM_JOURNEYS_REMIND_AFTER_DAYS", default=3)
JOURNEYS_ESCALATE_AFTER_DAYS = env.int("WELKOM_JOURNEYS_ESCALATE_AFTER_DAYS", default=7)
# A queued delivery still pending after this long is queued again (its message was lost).
NOTIFICATIONS_REQUEUE_AFTER_SECONDS = env.int("WELKOM_NOTIFICATIONS_REQUEUE_AFTER_SECONDS", default=900)
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env("WELKOM_MESSAGE_ID_DOMAIN", default="welkom.invalid")

# --- Arrivals: a file of newcomers imported at once (docs/arrivals.md) ----------------------------
ARRIVALS_IMPORT_MAX_BYTES = env.int("WELKOM_ARRIVALS_MAX_BYTES", default=5 * 1024 * 1024)
ARRIVALS_IMPORT_MAX_ROWS = env.int("WELKOM_ARRIVALS_MAX_ROWS", default=2000)
# An .xlsx file is a zip: what it unpacks to is limited too (a small file can unpack to gigabytes).
ARRIVALS_IMPORT_MAX_UNZIPPED_BYTES = env.int("WELKOM_ARRIVALS_MAX_UNZIPPED_BYTES", default=50 * 1024 * 1024)
# Imports of at most this many rows run while HR waits; larger ones in a Celery task with progress.
ARRIVALS_IMPORT_INLINE_ROWS = env.int("WELKOM_ARRIVALS_INLINE_ROWS", default=20)
ARRIVALS_IMPORT_TIME_LIMIT = env.int("WELKOM_ARRIVALS_TIME_LIMIT_SECONDS", default=1800)

# --- Web push (VAPID keys: `manage.py push_vapid_keys`; push is off while they are empty) -------
# The private key as a path to a PEM file or base64url (raw 32 bytes or DER). Keep it secret.
WEBPUSH_VAPID_PUBLIC_KEY = env("WELKOM_VAPID_PUBLIC_KEY", default="")
WEBPUSH_VAPID_PRIVATE_KEY = env("WELKOM_VAPID_PRIVATE_KEY", default="")
WEBPUSH_VAPID_SUBJECT = env("WELKOM_VAPID_SUBJECT", default="mailto:welkom@localhost")
# Push goes only to public internet addresses (welkom.push.addresses); networks listed here (CIDR,
# comma-separated) are allowed too, for a push service inside your own network. Empty by default.
WEBPUSH_ALLOWED_NETWORKS = env.list("WELKOM_PUSH_ALLOWED_NETWORKS", default=[])

# --- Translation (Argos Translate, offline) ---------------------------------------------------
# Language packages are installed from files into this folder (manage.py languages install).
TRANSLATION_PACKAGES_DIR = env("WELKOM_TRANSLATION_PACKAGES_DIR", default=str(VAR_DIR / "translation"))
# With WELKOM_STORAGE=local, where the package store keeps the archives (TRANSLATION_PACKAGES_DIR is
# then each process's unpacked cache of them).
TRANSLATION_PACKAGE_STORE_DIR = env(
    "WELKOM_TRANSLATION_PACKAGE_STORE_DIR", default=str(VAR_DIR / "package-store")
)
TRANSLATION_GLOSSARY_FILE = env(
    "WELKOM_TRANSLATION_GLOSSARY", default=str(ROOT_DIR / "translations" / "glossary.yaml")
)
# True: translate in the calling process (tests, scripts); False: on the translation queue.
TRANSLATION_INLINE = env.bool("WELKOM_TRANSLATION_INLINE", default=False)
TRANSLATION_TIMEOUT_SECONDS = env.int("WELKOM_TRANSLATION_TIMEOUT", default=60)
TRANSLATION_BEAM_SIZE = env.int("WELKOM_TRANSLATION_BEAM_SIZE", default=4)
# A chat message's translations into its readers' languages (docs/translation.md: what beam 2
# costs in quality and saves in time).
TRANSLATION_CHAT_BEAM_SIZE = env.int("WELKOM_TRANSLATION_CHAT_BEAM_SIZE", default=2)
# True: a chat message's pieces share a call only within a padding range, as /translate's do.
TRANSLATION_CHAT_EXACT_BATCHES = env.bool("WELKOM_TRANSLATION_CHAT_EXACT_BATCHES", default=False)
# A call generates at most RATIO x its longest input + EXTRA tokens (0: CTranslate2's 256).
TRANSLATION_MAX_LENGTH_RATIO = env.float("WELKOM_TRANSLATION_MAX_LENGTH_RATIO", default=3.0)
TRANSLATION_MAX_LENGTH_EXTRA = env.int("WELKOM_TRANSLATION_MAX_LENGTH_EXTRA", default=10)
TRANSLATION_MAX_BATCH_SIZE = env.int("WELKOM_TRANSLATION_BATCH_SIZE", default=64)  # sentences per call
# A gathering (the requests that share the next calls) waits for the clients just answered to send
# their next requests, at most BATCH_WAIT_MS and no longer than BATCH_QUIET_MS without a request
# (clients that do not come back); bigger calls cost much less CPU per sentence. A request that
# finds the model idle, or a client that is the last one expected back, does not wait.
TRANSLATION_BATCH_WAIT_MS = env.float("WELKOM_TRANSLATION_BATCH_WAIT_MS", default=100.0)
TRANSLATION_BATCH_QUIET_MS = env.float("WELKOM_TRANSLATION_BATCH_QUIET_MS", default=50.0)
# True: sentences share a CTranslate2 call only when argostranslate would pad them into the same
# range of lengths (see PAD_BOUNDARIES), so every sentence gets exactly argostranslate's output;
# False: any sentences together (padding may change a word here and there).
TRANSLATION_EXACT_BATCHES = env.bool("WELKOM_TRANSLATION_EXACT_BATCHES", default=True)
# Padded lengths at which CTranslate2's sums change: "auto" (16 checked on AVX-512 hosts, "each"
# elsewhere), "search" (measured when a model first loads), "16", "9,16,25", "" (never), "each".
# Checked with probe sentences when a model loads (remembered per package and CPU in the packages
# folder); if the check fails, "each" is used.
TRANSLATION_PAD_BOUNDARIES = env("WELKOM_TRANSLATION_PAD_BOUNDARIES", default="auto")
# Calls at once per model (CTranslate2 inter_threads) and threads per call (0: the usable cores
# divided by the calls).
TRANSLATION_INTER_THREADS = env.int("WELKOM_TRANSLATION_INTER_THREADS", default=2)
TRANSLATION_INTRA_THREADS = env.int("WELKOM_TRANSLATION_INTRA_THREADS", default=0)
TRANSLATION_CACHE_SECONDS = env.int("WELKOM_TRANSLATION_CACHE_SECONDS", default=7 * 24 * 3600)
TRANSLATION_CHAR_LIMIT = env.int("WELKOM_TRANSLATION_CHAR_LIMIT", default=5000)  # per request
TRANSLATION_BATCH_LIMIT = env.int("WELKOM_TRANSLATION_BATCH_LIMIT", default=50)  # texts per request
TRANSLATION_KEY_REQUESTS_PER_MINUTE = env.int("WELKOM_TRANSLATION_REQUESTS_PER_MINUTE", default=120)
# Where `manage.py languages available/download` look (an operator action; never at run time).
TRANSLATION_PACKAGE_INDEX_URL = env(
    "WELKOM_TRANSLATION_PACKAGE_INDEX",
    default="https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json",
)
TRANSLATION_UPLOAD_MAX_BYTES = env.int("WELKOM_TRANSLATION_UPLOAD_MAX_BYTES", default=500 * 1024 * 1024)
# What an uploaded or installed package may unpack to in total (checked before extracting).
TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES = env.int(
    "WELKOM_TRANSLATION_PACKAGE_MAX_UNPACKED_BYTES", default=2 * 1024 * 1024 * 1024
)

# --- Chat -------------------------------------------------------------------------------------
# The class that translates chat messages and detects their language (welkom.chat.translation_port).
CHAT_TRANSLATOR = env("WELKOM_CHAT_TRANSLATOR", default="welkom.chat.translation_port.ArgosTranslator")
# How long a reader's request waits for news before answering empty (long polling).
# How long a message waits for its translation before the reader is shown it as written (and why).
CHAT_TRANSLATION_WAIT_SECONDS = env.int("WELKOM_CHAT_TRANSLATION_WAIT_SECONDS", default=60)
CHAT_LONG_POLL_SECONDS = env.int("WELKOM_CHAT_LONG_POLL_SECONDS", default=20)
# How many such requests one web process holds at a time. A waiting request holds a gunicorn thread,
# and a browser's connection stays with one process, so this must stay below --threads: beyond it a
# reader gets an empty answer at once with ``retry_after`` instead of queueing behind the waiters.
CHAT_LONG_POLL_WAITERS = env.int("WELKOM_CHAT_LONG_POLL_WAITERS", default=20)
CHAT_LONG_POLL_RETRY_SECONDS = 1

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Welkom <welkom@localhost>")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# --- Logging ----------------------------------------------------------------------------------
# One line per event. "json" (production's default): one JSON object a line with time, level,
# logger, message, request_id and the event's own fields; "plain" (make run): readable text.
# Log lines carry ids and event names, never personal data or message text.
LOG_FORMAT = env("WELKOM_LOG_FORMAT", default="plain")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"request_id": {"()": "welkom.monitoring.request_id.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # argostranslate logs the text it translates at INFO: translated text never goes to logs.
    "loggers": {"axes": {"level": "WARNING"}, "argostranslate": {"level": "WARNING"}},
}
