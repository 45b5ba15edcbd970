"""Settings shared by every environment. Values come from the environment with safe defaults."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Development key: production.py refuses to start with it (or with none).
DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so that their templates and static files win.
    "portal",
    "core",
    "accounts",
    "organisations",
    "national_coalitions",
    "pledges",
    "awards",
    "blog",
    "follows",
    "bench",
    # Before the admin: its translation fields are registered when the apps are ready.
    "modeltranslation",
    # Django's admin with the portal's site: the Secretariat's review desk on its index.
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "simple_history",
    "allauth",
    "allauth.account",
    "axes",
    # Background work: Django's tasks API (backport) and its database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Answers /healthz and /readyz before ALLOWED_HOSTS and HTTPS redirects, for load balancers.
    "core.middleware.HealthCheckMiddleware",
    # 405 for TRACE and other methods, 400 for a NUL in the query or a broken Host port.
    "core.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cookieless visitors' pages from the shared cache, stored compressed and with their ETag:
    # a page served from it skips everything below.
    "core.middleware.PublicPageCacheMiddleware",
    # Compressed pages (static files are pre-compressed by WhiteNoise). Django pads the gzip
    # output with random bytes against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every page; answers 304 when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: django-axes turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition_portal.urls"
WSGI_APPLICATION = "coalition_portal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# The embedded default is an SQLite file; DATABASE_URL selects PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -----------------------------------------------------
# Redis is shared by every app server (rate limits, cached totals, pages); local memory otherwise.
# django-redis rather than Django's own backend: that one builds a new redis-py client (and its
# table of ~170 response callbacks) for every cache call, which was half the cost of serving a
# cached page (redis-py issue #3624); django-redis keeps one client per server.
# Redis is an accelerator, not a dependency: core.cache.FallbackCache wraps django-redis and,
# while Redis cannot be reached, counts rate limits in each process's memory and caches no
# public page or figure (README "Security", degraded mode). Short timeouts: a Redis that does
# not answer costs a request at most this long, then is left alone for RETRY_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.FallbackCache",
            "LOCATION": url,
            "KEY_PREFIX": "coalition-portal",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 1,
                "RETRY_SECONDS": 5,
            },
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for visitors without cookies, keyed on the public content version
# (core/content.py): any edit shows at once; date-driven changes within CACHE_MIDDLEWARE_SECONDS.
PUBLIC_PAGE_CACHE = os.environ.get("DJANGO_PUBLIC_PAGE_CACHE", "1") == "1"
CACHE_MIDDLEWARE_SECONDS = 300
CACHE_MIDDLEWARE_KEY_PREFIX = "public"
# Sessions live in the database so that any app server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication ---------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Bounded, so that hashing an absurdly long password cannot be used to load the server.
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "account_login"

# --- Internationalisation ---------------------------------------------------
# The 24 official languages of the EU, each named in itself, in the EU's protocol order
# (by the name in the language itself), as europa.eu lists them.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("bg", "български"),
    ("es", "español"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("et", "eesti"),
    ("el", "ελληνικά"),
    ("en", "English"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("hr", "hrvatski"),
    ("it", "italiano"),
    ("lv", "latviešu"),
    ("lt", "lietuvių"),
    ("hu", "magyar"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("fi", "suomi"),
    ("sv", "svenska"),
]
# locale/: the project's own messages (makemessages writes there). locale_libraries/: Django's
# and allauth's messages in languages they do not translate (Maltese, Irish), written by hand.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_libraries"]
# Django knows no Maltese: its name, and its number and date formats (FORMAT_MODULE_PATH).
LANG_INFO.setdefault("mt", {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"})
FORMAT_MODULE_PATH = ["coalition_portal.formats"]
# Texts the Secretariat writes are kept per language (django-modeltranslation: one column per
# language beside the original, so lists and details need no join nor extra query). A text not
# written in a language shows in English, marked with lang="en" (core/templatetags/translated.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Not USE_THOUSAND_SEPARATOR: it would group numbers in attributes and addresses too. Figures
# for people go through `intcomma`, which groups them as the language does (30 500 / 30.500).
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Media go through Django's storage API, so an S3-compatible backend can replace this.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files above this size go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Oversized bodies are refused with a 413 as soon as their size is known (core/uploads.py):
# a form's fields (not its files) over this, a file or a whole request over the upload limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "core.uploads.RequestTooBigUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Digital Skills and Jobs Coalition <no-reply@example.eu>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "secretariat@example.eu")

# --- Background work --------------------------------------------------------
# Django's tasks API (the django-tasks backport of Django 6's django.tasks) on the database
# backend: enqueueing writes a row in the caller's transaction, so a rolled-back change
# enqueues nothing and a committed one is never lost. Workers: `manage.py db_worker`; the
# scheduler of the periodic jobs: `manage.py run_scheduler` (README "Background work").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A mail that could not be sent is tried again after these delays (seconds), then marked failed.
MAIL_RETRY_DELAYS = (60, 120, 240, 480, 960)
# A scheduled run enqueued this late (a scheduler that stalled) still runs; older ones are skipped.
SCHEDULER_MISFIRE_GRACE = timedelta(minutes=5)
# Where the nightly backup job writes (a folder on a disk or mount every worker can reach).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Abuse resistance -------------------------------------------------------
# django-ratelimit counts in the default cache (Redis in production).
RATELIMIT_USE_CACHE = "default"
# The client's address (core/clientip.py), for the rate limits and django-axes alike: the
# n-th hop from the right of CLIENT_IP_HEADER behind n trusted proxies, REMOTE_ADDR with 0.
# Setting only DJANGO_CLIENT_IP_HEADER (the older setting) means one proxy.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER") or "HTTP_X_FORWARDED_FOR"
TRUSTED_PROXY_COUNT = int(
    os.environ.get("DJANGO_TRUSTED_PROXY_COUNT")
    or ("1" if os.environ.get("DJANGO_CLIENT_IP_HEADER") else "0")
)
RATELIMIT_IP_META_KEY = "core.clientip.client_ip"
# Public forms: submissions per client IP. Format: "count/period" (s, m, h, d).
PUBLIC_FORM_RATE = os.environ.get("PUBLIC_FORM_RATE", "10/h")

# --- Security ---------------------------------------------------------------
# HSTS is only ever sent on HTTPS responses, so it is harmless on a plain-HTTP development server.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Strict CSP: only our own static files; no inline scripts, handlers or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Benchmark ----------------------------------------------------------------
# `make bench` serves a minimal view at /bench/minimal/ as the baseline; never on in production.
BENCHMARK_VIEWS = env_bool("DJANGO_BENCHMARK_VIEWS", default=False)

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Accounts (django-allauth) and login throttling (django-axes) -------------
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out person is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "pledger:my-pledges"
# The home page in the visitor's language, not the bare "/" (one more redirect).
LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Digital Skills and Jobs Coalition] "
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Counted in the shared cache; a refused request gets templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("SIGNUP_RATE", "10/h/ip"),
    "login": "30/m/ip",
    # django-axes locks out first (AXES_FAILURE_LIMIT); this is only a backstop.
    "login_failed": "20/m/ip,10/5m/key",
    "reset_password": "20/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
# Failed logins (the sign-in page and the admin's) lock out one e-mail address from one IP
# address for a while, never for good.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_identifier"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
# No start-up banner: it would pollute the output of management commands.
AXES_VERBOSE = False

# --- Pledges ----------------------------------------------------------------
# A published pledge whose last progress report is older than this gets a reminder.
PLEDGE_REMINDER_DAYS = int(os.environ.get("PLEDGE_REMINDER_DAYS", "90"))
# How long an invitation to join an organisation stays valid.
PLEDGE_INVITATION_MAX_AGE_DAYS = int(os.environ.get("PLEDGE_INVITATION_MAX_AGE_DAYS", "14"))
# Pledgers save drafts often: a looser per-IP limit than the public forms.
PLEDGE_FORM_RATE = os.environ.get("PLEDGE_FORM_RATE", "60/h")
# The portal's public address, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
