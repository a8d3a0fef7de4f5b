"""Settings for ImPACT Hub.

Everything comes from environment variables (see `.env.example`). With none set, the portal
runs on the embedded default: SQLite, Celery tasks executed eagerly, e-mail on the console.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from impact.env import env_bool, env_int, env_list, env_rate, env_str
from impact.security_policy import CONTENT_SECURITY_POLICY  # noqa: F401 (a setting)

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

SITE_NAME = env_str("SITE_NAME", "ImPACT Hub")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "impact",
    "coalitions",
    "summaries",
    "impact.admin_site.AdminConfig",  # django.contrib.admin, its app list built when shown
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "ninja",  # the API's OpenAPI page: Swagger UI from the static files, not a CDN
    "bench",  # only the benchmark's `manage.py seed_scale`; the site never imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (static files are, by whitenoise): last on the way out, before the rest.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known (visitors get a smaller allowance), before anything reads a body.
    "impact.bodylimits.BodySizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Organizers, reviewers and staff without a second factor can only set one up.
    "impact.second_factor.SecondFactorRequiredMiddleware",
    "impact.audit.AuditRequestMiddleware",
    "impact.language.LanguageCookieMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "impact.urls"
WSGI_APPLICATION = "impact.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "impact.context_processors.site",
                "impact.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no persistent connections worth having; and wait rather than fail on a lock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if env_str("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "impact.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
SITE_ID = 1
LOGIN_REDIRECT_URL = "coalitions:dashboard"
LOGIN_URL = "account_login"

# django-allauth: log in by e-mail; verification is mandatory outside development.
ACCOUNT_ADAPTER = "impact.account_adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "impact.signup.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env_str(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or ("http" if DEBUG else "https")
# Limits aimed at attackers, not at the people attacked (django-allauth's rate limits, counted
# in the cache). Per client address: password resets and sign-ups (a 429 for that client, the
# same whether the address has an account or not). Failed sign-ins count per client address and
# per account *and* address (`AccountAdapter._get_login_attempts_cache_key`), so someone else's
# failures never lock an owner out; the tiers make the wait grow with persistence. Mail aimed at
# one inbox is capped silently by the adapter (ACCOUNT_MAIL_PER_ADDRESS_*), whoever asks.
ACCOUNT_RATE_LIMITS: dict | bool = (
    False
    if env_bool("ACCOUNT_RATE_LIMITS_OFF", False)
    else {
        "reset_password": env_str("RATE_LIMIT_PASSWORD_RESET", "5/m/ip,30/h/ip"),
        "signup": env_str("RATE_LIMIT_SIGNUP", "5/m/ip,60/h/ip"),
        "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,60/h/ip,5/5m/key,20/h/key"),
    }
)
# Two-factor sign-in and single sign-on (OIDC_* variables): impact/auth_settings.py.
from impact.auth_settings import *  # noqa: E402, F403

# Account mails (confirmations, password resets) queued for one address, at most.
ACCOUNT_MAIL_PER_ADDRESS_HOUR = env_int("ACCOUNT_MAIL_PER_ADDRESS_HOUR", 3)
ACCOUNT_MAIL_PER_ADDRESS_DAY = env_int("ACCOUNT_MAIL_PER_ADDRESS_DAY", 10)

# Internationalization: English, French and Spanish.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files: served by whitenoise, no CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Generated files (summary exports) go through Django's storage API: local files under
# MEDIA_ROOT by default, or an S3-compatible bucket (AWS S3, MinIO, Ceph, ...) when
# AWS_STORAGE_BUCKET_NAME is set, so every web and worker replica sees the same files. The
# bucket stays private: the portal streams each file after its own permission check.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION"),
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
# Whole request bodies (impact.bodylimits), refused with 413 before they are read. Forms and
# JSON documents are far smaller; the one upload (a session programme, a CSV of at most 1 MB)
# is an organizer's, within the signed-in allowance. A route that needs more gets a path prefix
# here (prefix → bytes).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 5_242_880)
REQUEST_BODY_MAX_ANONYMOUS_BYTES = env_int("REQUEST_BODY_MAX_ANONYMOUS_BYTES", 262_144)
REQUEST_BODY_ROUTE_MAX_BYTES: dict[str, int] = {}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis: broker and cache. Without REDIS_URL, tasks run eagerly and the cache is per process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
# A broker outage must not hang the request that enqueues: fail fast, the outbox sweep retries.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A publisher (a web request, the sweep) tries the broker once; the worker's own
    # connection keeps its reconnect loop (broker_connection_max_retries).
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# Results are only read by the health check and tests; a dead result store must not stall them.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5

# Periodic jobs, run by `celery beat` from a static schedule (in CELERY_TIMEZONE): few, fixed,
# reviewed in version control and idempotent (the outbox's dedup keys), so no database scheduler.
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {
        "task": "impact.sweep_outbox",
        "schedule": env_int("NOTIFY_SWEEP_EVERY", 300),
    },
    "sweep-lost-cache-writes": {"task": "impact.sweep_lost_cache_writes", "schedule": 60},
    "eoi-deadline-reminders": {
        "task": "coalitions.eoi_deadline_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # The stored calibrated scores refitted for every edition (a change is refitted at once;
    # this catches a bulk change that sent no signal, or a refit lost while the broker was down).
    "coalitions-refresh-calibrations": {
        "task": "coalitions.refresh_all_calibrations",
        "schedule": crontab(minute=45),
    },
    "reviewer-digest": {
        "task": "coalitions.reviewer_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    # Published coalitions: activity brought up to date as time passes, then leads reminded
    # of milestones past their date and of progress reports due (once each).
    "coalitions-refresh-activity": {
        "task": "coalitions.refresh_activity",
        "schedule": crontab(hour=0, minute=15),
    },
    "coalitions-progress-reminders": {
        "task": "coalitions.progress_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Session organizers whose report is late get a reminder (at most every 3 days each).
    "summaries-remind-late-reports": {
        "task": "summaries.remind_late_reports",
        "schedule": crontab(hour=8, minute=0),
    },
    # Contact details of declined proposals erased once the edition is long enough over.
    "coalitions-erase-declined-contacts": {
        "task": "coalitions.erase_declined_contacts",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Personal data (docs/privacy.md): days after an edition's last day when the contact details
# of its declined proposals are erased.
RETENTION_DECLINED_CONTACTS_DAYS = env_int("RETENTION_DECLINED_CONTACTS_DAYS", 180)

PARTNER_INVITATIONS_PER_DAY = env_int("PARTNER_INVITATIONS_PER_DAY", 10)  # a coalition, 24 h

# The cache may be a Redis of its own (CACHE_URL); it fails open (impact.cache, impact.caches).
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if CACHE_URL:
    CACHES["default"] = {
        "BACKEND": "impact.cache.FailOpenRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "impact"),
        "TIMEOUT": 300,
        "RETRY_AFTER": env_int("CACHE_RETRY_AFTER", 5),
        "OPTIONS": {
            "socket_connect_timeout": env_int("CACHE_CONNECT_TIMEOUT_MS", 250) / 1000,
            "socket_timeout": env_int("CACHE_SOCKET_TIMEOUT_MS", 500) / 1000,
        },
    }

# Rate limits (impact.ratelimits), counted in the default cache per user, or per client
# address for anonymous requests. A request over its limit gets a 429 page (JSON under /api/).
RATE_LIMITS = {
    "coeditor_invitation": env_rate("RATE_LIMIT_COEDITOR_INVITATION", "20/h"),
    "join_request": env_rate("RATE_LIMIT_JOIN_REQUEST", "10/h"),
    "criteria_api": env_rate("RATE_LIMIT_CRITERIA_API", "60/m"),
    "organization_search": env_rate("RATE_LIMIT_ORGANIZATION_SEARCH", "120/m"),
    "open_data": env_rate("RATE_LIMIT_OPEN_DATA", "30/m"),
    "partner_suggestions": env_rate("RATE_LIMIT_PARTNER_SUGGESTIONS", "30/m"),
}
RATELIMIT_VIEW = "impact.errors.too_many_requests"
RATELIMIT_USE_CACHE = "default"
# An unreachable cache lets requests through rather than refusing them all.
RATELIMIT_FAIL_OPEN = True
# Behind a proxy every request comes from the proxy's address: name the header carrying the
# client's (e.g. HTTP_X_REAL_IP), which the proxy must set and overwrite.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None

# E-mail, the notification outbox and webhooks: impact/delivery_settings.py.
from impact.delivery_settings import *  # noqa: E402, F403

# Security: strict outside development (manage.py check --deploy is clean with DEBUG=0).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # the cache, the database behind

# The similarity index covers its scored columns on PostgreSQL (SQLite ignores the covering).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Health check probes the broker and the Redis cache only where they are configured.
HEALTHZ_CHECK_BROKER = bool(CELERY_BROKER_URL) and not CELERY_TASK_ALWAYS_EAGER
HEALTHZ_CHECK_CACHE = bool(CACHE_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Settings for the benchmark's baseline view; never on in production.
BENCH_ENABLED = env_bool("BENCH_ENABLED", False)

# What `manage.py load_demo` runs, in order (each app owns its own demo data).
DEMO_LOADERS = [
    "impact.demo.load",
    "coalitions.demo.load",
    "coalitions.review.demo.load",
    "summaries.demo.load",
]
