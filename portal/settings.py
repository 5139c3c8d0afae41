"""Settings for Mangfoldsportalen, read once from the environment.

Development defaults work on a fresh checkout (SQLite file in the project); with
DJANGO_DEBUG off the settings are production-safe and `check --deploy` is clean.
"""

import datetime
import os
import re
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY a plainly insecure key is used: it works for development, tests and
# management commands, its "django-insecure-" prefix makes `check --deploy` fail, and a server
# (portal/wsgi.py, portal/asgi.py) refuses to start on it with DEBUG off: with a public key anyone
# could forge the signed RSVP and unsubscribe links and the session cookies.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("DJANGO_SECRET_KEY"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-key-never-for-production"


def refuse_public_secret_key():
    """Called when a server loads the application: DEBUG off and no DJANGO_SECRET_KEY stops it."""
    from django.conf import settings

    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: the portal will not serve with DJANGO_DEBUG off on the public "
            "development key. Set DJANGO_SECRET_KEY to a long random value (docs/operations.md, production)."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prose_editor",  # the formatted-text editor (portal.text.formatted)
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "csp",
    "axes",
    "auditlog",
    "portal",  # before django_tasks_db: the portal's db_worker (with a heartbeat) wins
    "django_tasks",
    "django_tasks_db",
    "organisations",
    "panel",
    "outreach",
    "surveys",
    "goals",
    "activities",
    "offers",
    "grants",
    "networks",
    "reports",
    "mailings",
    "hub",
    "brreg",
    "registrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.web.middleware.DatabaseUnavailableMiddleware",
    "portal.web.middleware.RejectNullCharactersMiddleware",
    # Anonymous GETs of public pages from the shared cache; a hit skips everything below.
    "portal.web.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.web.locale.NorwegianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the friendly lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"

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
                "hub.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under several gunicorn workers and the job worker: a transaction takes
    # the write lock when it begins (IMMEDIATE), so two writers queue instead of one failing with
    # "database is locked" when it upgrades a read lock; WAL lets readers go on beside the writer;
    # a waiting writer gives up only after `timeout` seconds (busy_timeout).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("PORTAL_SQLITE_TIMEOUT_SECONDS", 20),
            # secure_delete: deleted content is zeroed, not left in the file's free space
            # (portal/privacy/forgetting.py); Debian's SQLite does so by default, other builds do not.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): the axes backend first, so a locked-out client is refused
# before its password is checked. Five failures for one username from one address lock that
# pair for the cool-off; locking by username alone would let anyone lock a coordinator out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PORTAL_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("PORTAL_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind N trusted proxies (nginx: 1) the visitor's address is read from X-Forwarded-For, N hops
# from our end (portal/web/clientip.py); 0 = no proxy, REMOTE_ADDR is the visitor.
PORTAL_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)
# Survey answers one visitor (address) may send in 10 minutes (surveys.views): a brake on floods,
# generous for a meeting room on one Wi-Fi address. Load tests from one address raise it.
PORTAL_SURVEY_ANSWERS_PER_VISITOR = env_int("PORTAL_SURVEY_ANSWERS_PER_VISITOR", 60)
AXES_CLIENT_IP_CALLABLE = "portal.web.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The audit trail records who (the signed-in actor), not from where: auditlog would take the
# address from X-Forwarded-For, which any client can write.
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Personal data of contact persons not touched for this many years is listed for review and
# erasure (manage.py review_retention and the page /koordinator/personvern/).
PORTAL_CONTACT_RETENTION_YEARS = env_int("PORTAL_CONTACT_RETENTION_YEARS", 3)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Norwegian bokmål first, English second. Source strings are Norwegian; locale/en holds English.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first, in words (portal/formats/en); bokmål keeps Django's nb formats.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Thousands are grouped by the `portal_format` filters, not globally: a global separator
# would print years as "2 025".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files that are not public (minutes' attachments, proposed logos, report PDFs, grant files):
# outside MEDIA_ROOT, never served by the proxy, only by views that check the role (portal/privacy/files.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: the portal's own limits are checked per field; this bounds a whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "mangfold@example.org")

# Security. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1.
# The test client and the live test server speak plain HTTP (and Chromium would remember HSTS).
_UNDER_TEST = "pytest" in sys.modules
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG and not _UNDER_TEST)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG or _UNDER_TEST else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: everything from our own origin, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The site's identity: nothing in code is tied to one municipality.
PORTAL_MUNICIPALITY = os.environ.get("PORTAL_MUNICIPALITY", "Sandnes kommune")
PORTAL_PROJECT_NAME = os.environ.get("PORTAL_PROJECT_NAME", "Mangfold og inkludering")
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "mangfold@example.org")
# Mailings leave the worker at this steady rate (0: as fast as the mail server takes them).
PORTAL_MAILING_RATE_PER_MINUTE = env_int("PORTAL_MAILING_RATE_PER_MINUTE", 120)
# The site's address as the public reaches it: links in e-mails sent outside a request.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")


def env_origins(name):
    """Comma-separated origins (scheme://host[:port]) for CSP frame-ancestors; a bad one fails."""
    origins = env_list(name)
    for origin in origins:
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?", origin):
            raise ImproperlyConfigured(f"{name}: {origin!r} is not an origin like https://www.example.no")
    return origins


# The web sites that may show the embeddable directory (/innebygd/organisasjoner/) in a frame,
# e.g. the municipality's own site. Every other page may never be framed (frame-ancestors 'none').
PORTAL_EMBED_ORIGINS = env_origins("PORTAL_EMBED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Enhetsregisteret (brreg app): the register's API for lookups by number (uploaded bulk files wait
# for the import job in the private storage, PRIVATE_MEDIA_ROOT/brreg/).
# Under test the default is a closed port on loopback: no test ever reaches the real register.
BRREG_API_URL = os.environ.get(
    "PORTAL_BRREG_API_URL",
    "http://127.0.0.1:9/enhetsregisteret/api" if _UNDER_TEST else "https://data.brreg.no/enhetsregisteret/api",
)
BRREG_TIMEOUT_SECONDS = env_int("PORTAL_BRREG_TIMEOUT_SECONDS", 5)


# --- Operations: background jobs and the shared cache ------------------------------
# Background jobs (portal/background/jobs.py) go through Django's tasks API (the django-tasks backport).
# Embedded default: the database backend (django-tasks-db), worked off by `manage.py db_worker`,
# which `make run` starts beside the web server. Larger installations switch to Redis with RQ by
# the environment alone: PORTAL_TASKS_BACKEND=rq and PORTAL_RQ_URL=redis://host:6379/1 (or the
# Redis of PORTAL_CACHE_URL), worked off by `manage.py rqworker` (the portal's: the heartbeat,
# the job class and the scheduler for retries come with it; docs/operations.md).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}


def env_task_backend(name):
    value = os.environ.get(name, "").strip() or "database"
    if value in TASK_BACKENDS.values():  # the dotted path, as earlier versions documented it
        return value
    if value not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(TASK_BACKENDS)}, not {value!r}")
    return TASK_BACKENDS[value]


TASKS = {
    "default": {
        "BACKEND": env_task_backend("PORTAL_TASKS_BACKEND"),
        "QUEUES": ["default"],
        "OPTIONS": {},
    }
}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
    _rq_url = os.environ.get("PORTAL_RQ_URL") or os.environ.get("PORTAL_CACHE_URL", "")
    if not _rq_url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            "PORTAL_TASKS_BACKEND=rq needs Redis: set PORTAL_RQ_URL=redis://host:6379/1 (or PORTAL_CACHE_URL to Redis)"
        )
    # After "portal": the portal's `rqworker` (heartbeat, job class, scheduler) wins over django-rq's.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("portal") + 1, "django_rq")
    # No time limit on a job, as under db_worker: a 100,000-row import runs for most of an hour.
    RQ_QUEUES = {"default": {"URL": _rq_url, "DEFAULT_TIMEOUT": -1}}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "portal.background.rq_worker.PortalWorker"}
# The health endpoint calls the worker dead when its heartbeat is older than this.
PORTAL_WORKER_STALE_SECONDS = env_int("PORTAL_WORKER_STALE_SECONDS", 120)
# /helse/ fails when less than this is free where uploads and PDFs are stored (MEDIA_ROOT).
PORTAL_HEALTH_MIN_FREE_MB = env_int("PORTAL_HEALTH_MIN_FREE_MB", 500)
# Spreadsheet import limits (portal/spreadsheets/reading.py).
PORTAL_IMPORT_MAX_ROWS = env_int("PORTAL_IMPORT_MAX_ROWS", 100_000)
PORTAL_IMPORT_MAX_COLUMNS = env_int("PORTAL_IMPORT_MAX_COLUMNS", 60)
PORTAL_IMPORT_MAX_CELLS = env_int("PORTAL_IMPORT_MAX_CELLS", 10_000_000)
PORTAL_IMPORT_MAX_UNZIPPED_MB = env_int("PORTAL_IMPORT_MAX_UNZIPPED_MB", 300)


# One cache shared by every process (gunicorn workers and the job worker): rate limits, draft
# PDFs, the public page cache and the worker's heartbeat. Embedded default: a database table
# (created by portal's migration 0002 through createcachetable); Redis for larger installations:
# PORTAL_CACHE_URL=redis://host:6379/0 (see docs/operations.md).
if os.environ.get("PORTAL_CACHE_URL", "").startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["PORTAL_CACHE_URL"]}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    }

# The public page cache (portal/web/pagecache.py): anonymous GETs of the public pages, invalidated
# exactly by what changes. PORTAL_PAGE_CACHE=0 turns it off. Under pytest it is off unless a test
# turns it on (tests/portal/test_page_cache.py), so query-count pins count the view's own queries;
# PORTAL_PAGE_CACHE=1 runs a whole suite with it, which shows any change left uninvalidated.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", not _UNDER_TEST)
# Each process also keeps up to this many MB of pages in memory; the shared cache still decides
# (one small query per request) whether they are current.
PORTAL_PAGE_CACHE_LOCAL_MB = env_int("PORTAL_PAGE_CACHE_LOCAL_MB", 32)

# Uploads that cannot be stored (a full, read-only or vanished disk): no partial file is left
# (portal.privacy.files.CleanFailureMixin, on the public and the private storage) and the visitor gets a
# page that says so, not the generic error page (portal.privacy.files.UnstorableUploadMiddleware).
STORAGES["default"] = {**STORAGES["default"], "BACKEND": "portal.privacy.files.PublicStorage"}
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1, "portal.privacy.files.UnstorableUploadMiddleware")

# A database outage is logged once when it begins and once when it ends (portal.web.middleware.Outage),
# not as an "Internal Server Error" traceback per request.
LOGGING.setdefault("filters", {})["database_outage"] = {"()": "portal.web.middleware.OutageLogFilter"}
LOGGING.setdefault("loggers", {})["django.request"] = {"filters": ["database_outage"]}
