"""Settings shared by every environment.

Every real component is switched on by an environment variable (see README, "Inställningar");
without them the site runs on embedded defaults: SQLite, Wagtail's database search backend and
e-mail written to files under var/mail/.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
import django

from search.compounds import COMPOUND_PARTS
from search.es_settings import backends_from_env as search_backends_from_env
from search.synonyms import DEFAULT_SYNONYMS

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "intranet"
VAR_DIR = Path(os.environ.get("INTRANET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "intranet.portal",
    "intranet.staff",
    "intranet.ledning",
    # The site's search: /sok/, /api/sok/, the index, text extraction, search statistics.
    "search",
    # The Celery application (tasks/celery.py): listed so that Django imports it at startup.
    "tasks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.contrib.search_promotions",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Login throttling (README, "Inloggning"): failed logins counted per account and address.
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL character anywhere in a request is a 400, before anything passes it to the database
    # (PostgreSQL refuses it in text: a server error otherwise).
    "intranet.portal.security.RejectNulCharactersMiddleware",
    # The request's Wagtail site from the cache, not a query on every request (portal/sites.py).
    "intranet.portal.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Automatic login inside the network from a trusted proxy's header; switches itself off
    # unless STAFF_TRUSTED_HEADER is set (README, "Inloggning").
    "intranet.staff.auth.TrustedHeaderMiddleware",
    # Everything but the login page, static files and /healthz needs a logged-in user.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the Swedish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intranet.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "intranet.wsgi.application"

# Database: SQLite unless DATABASE_URL says otherwise (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend indexes with GIN on PostgreSQL, which Django 6's system
    # checks (postgres.E005) only accept with django.contrib.postgres installed.
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses every login attempt while the account or the client
    # address is locked out; it authenticates nobody itself.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, permissions in one query instead of two.
    "intranet.portal.backends.ModelBackendOneQuery",
    "intranet.staff.auth.TrustedHeaderBackend",
]

# Login throttling with django-axes, on every login form (the site's /logga-in/ and the
# admin's /admin/login/; they share the counts). After AXES_FAILURE_LIMIT failed logins for one
# account, or from one client address, further logins for it (even with the right password)
# are refused for AXES_COOLOFF_MINUTES with a Swedish page (HTTP 429) and a warning in the log.
# Another failure during the lock starts the cool-off again. `manage.py axes_reset_username
# NAME` or `axes_reset_ip ADDRESS` lifts a lock at once.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Per account and, separately, per client address (not only the pair): guessing one account
# from many addresses and one password on many accounts are both bounded.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "intranet.portal.views.lockout"
# The client address behind the reverse proxy (intranet/portal/throttle.py): with
# TRUSTED_PROXY_COUNT proxies in front, the entry the nearest proxy appended to X-Forwarded-For
# (never what the client wrote there); 0, without a proxy, the peer's own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "intranet.portal.throttle.client_address"
# The automatic login through the trusted proxy's header is neither blocked nor counted.
AXES_WHITELIST_CALLABLE = "intranet.staff.auth.is_trusted_header_login"
# No table of every successful login (personal data nobody asked for); failures are kept
# only as the counts the lockout needs.
AXES_DISABLE_ACCESS_LOG = True
# Locks are lifted with the management commands above; Django's admin is not served.
AXES_ENABLE_ADMIN = False

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "portal:login"

# Swedish everywhere.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Wagtail
WAGTAIL_SITE_NAME = "Ines – Socialförvaltningens ledningssystem"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Documents always go through Django, so login is checked before a file is handed out.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "odt",
    "xlsx",
    "xls",
    "ods",
    "pptx",
    "txt",
    "graphml",
]
# Search (README, "Sök"): Wagtail's database backend with PostgreSQL's `swedish` text search
# configuration by default; ELASTICSEARCH_URL or OPENSEARCH_URL switch to that backend with a
# Swedish analyzer (search/es_settings.py). The site's own index is search.SearchEntry.
WAGTAILSEARCH_BACKENDS, SEARCH_ENGINE = search_backends_from_env(
    os.environ,
    is_postgres=DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
    synonyms=[group.split(",") for group in DEFAULT_SYNONYMS],
    compound_parts=COMPOUND_PARTS,
)
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
TAGGIT_CASE_INSENSITIVE = True
# An intranet sends nothing to outside services: no Gravatar lookups for admin avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The management system's start page may stand under the intranet's home page.
LEDNING_START_PAGE_PARENT_TYPES = ["wagtailcore.Page", "portal.HomePage"]

# Staff features (intranet/staff/conf.py has every STAFF_* default). Automatic login: the
# request.META key of the header the municipality's proxy sets, e.g. HTTP_X_REMOTE_USER. Only
# behind a proxy that strips that header from client requests; unset, it is off.
STAFF_TRUSTED_HEADER = os.environ.get("STAFF_TRUSTED_HEADER", "").strip() or None
STAFF_TRUSTED_HEADER_CREATE_USERS = env_bool("STAFF_TRUSTED_HEADER_CREATE_USERS", False)
STAFF_NEWS_INDEX_PARENT_TYPES = ["wagtailcore.Page", "portal.HomePage"]

# E-mail: files under var/mail/ unless EMAIL_URL (smtp://user:pass@host:port?tls=1) or
# EMAIL_HOST/EMAIL_PORT name an SMTP server.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ledningssystemet@example.se")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def email_backend_from_env() -> tuple[str, dict]:
    """Return (backend path, options) for the configured mail transport."""
    url = os.environ.get("EMAIL_URL")
    host = os.environ.get("EMAIL_HOST")
    if url:
        parsed = urlparse(url)
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        options = {
            "host": parsed.hostname or "localhost",
            "port": parsed.port or (465 if parsed.scheme == "smtps" else 25),
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_tls": query.get("tls", "") in {"1", "true"},
            "use_ssl": parsed.scheme == "smtps",
            "timeout": int(query.get("timeout", "30")),
        }
        return "django.core.mail.backends.smtp.EmailBackend", options
    if host:
        options = {
            "host": host,
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": False,
            "timeout": 30,
        }
        return "django.core.mail.backends.smtp.EmailBackend", options
    return "django.core.mail.backends.filebased.EmailBackend", {"file_path": str(VAR_DIR / "mail")}


def mail_settings(backend: str, options: dict) -> dict:
    """Mail settings in the shape the running Django wants.

    Django 6.1 replaced EMAIL_BACKEND/EMAIL_HOST/... with MAILERS; older versions only know the
    single-backend settings. Returning the right shape keeps both free of deprecation warnings.
    """
    if django.VERSION >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    if backend.endswith("filebased.EmailBackend"):
        return {"EMAIL_BACKEND": backend, "EMAIL_FILE_PATH": options["file_path"]}
    legacy = {"EMAIL_BACKEND": backend}
    for key, name in [
        ("host", "EMAIL_HOST"),
        ("port", "EMAIL_PORT"),
        ("username", "EMAIL_HOST_USER"),
        ("password", "EMAIL_HOST_PASSWORD"),
        ("use_tls", "EMAIL_USE_TLS"),
        ("use_ssl", "EMAIL_USE_SSL"),
        ("timeout", "EMAIL_TIMEOUT"),
    ]:
        if key in options:
            legacy[name] = options[key]
    return legacy


globals().update(mail_settings(*email_backend_from_env()))

# Celery: Redis as the broker when CELERY_BROKER_URL (or REDIS_URL) is set; otherwise tasks run
# eagerly in the process that queues them (the embedded default). No result backend: tasks
# record their outcome in the database.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, and one 'lost' with its worker goes back to the queue.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queuing a task must not hold up a request when Redis is down or hangs: a web process gives
# up after a few hundred milliseconds and does not retry, since the outbox is re-dispatched
# (CELERY_NOTICE_REDISPATCH_SECONDS). Workers and beat wait longer (tasks/celery.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.3}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_NOTICE_REDISPATCH_SECONDS = float(os.environ.get("CELERY_NOTICE_REDISPATCH_SECONDS", "60"))

# The management system's governance (intranet/ledning/conf.py has every LEDNING_* default).
# Staff choose immediate e-mail, a daily digest or none on Min sida.
LEDNING_NOTIFICATION_SETTINGS_URL = "/min-sida/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"intranet": {"level": os.environ.get("INTRANET_LOG_LEVEL", "INFO")}},
}
INTRANET_ALLOW_DEMO = True
