"""Production settings: everything secret or site-specific comes from the environment.

SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are required; without one of them the site refuses
to start with an error naming the variable. docker/.env.example names every setting read here
and in base.py; README, "Drift", explains them.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    MIDDLEWARE,
    STATIC_ROOT,
    email_backend_from_env,
    env_bool,
    env_list,
    mail_settings,
)


def required(name: str) -> str:
    """The variable's value; ImproperlyConfigured naming it when it is unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set in production (see docker/.env.example)."
        )
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The database: DATABASE_URL only (base.py parsed it; SQLite is no production database).
if not required("DATABASE_URL").startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("The environment variable DATABASE_URL must name a PostgreSQL db.")
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- HTTPS and headers ---------------------------------------------------------------------
# TLS ends at the municipality's load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer's health probe may speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 10)))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No framing; Wagtail's page preview, which frames the page being edited, allows its own
# origin by itself (and the policy's frame-ancestors 'self' says the same to newer browsers).
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Preloading puts the whole municipal domain into the browsers' HTTPS-only list for good;
    # that is the municipality's decision (SECURE_HSTS_PRELOAD=true), not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (intranet/portal/security.py has the policy and why).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "intranet.portal.security.ContentSecurityPolicyMiddleware",
)
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# --- login throttling --------------------------------------------------------------------------
# base.py configures django-axes. In production the site stands behind the municipality's load
# balancer, which must append the client's address to X-Forwarded-For: failed logins are
# counted against that entry. Set TRUSTED_PROXY_COUNT to the number of proxies that each append
# one (0 if nothing does; then the peer address counts, and behind a proxy that is the proxy's
# address for everyone).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# --- static files and media ------------------------------------------------------------------
# Static files: collected into the image at build time and served by whitenoise from the web
# process, compressed, with hashed names and far-future cache headers.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media: MEDIA_ROOT on local disk (a volume), or S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (pip install "intranet-ledningssystem[s3]"). Files stay
# private: the bucket is not public (private ACL), and the site never links to it. Every file
# goes through the app: documents through Wagtail's document view (WAGTAILDOCS_SERVE_METHOD =
# "serve_view", base.py), images and renditions through /media/ (portal/media.py), each after
# a check of the collection's privacy; PrivateS3Storage gives files the app's /media/ URLs.
# A reverse proxy must never serve MEDIA_ROOT or the bucket itself (README, "Drift").
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    try:
        import storages  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages is not installed: "
            'pip install "intranet-ledningssystem[s3]".'
        ) from error
    STORAGES["default"] = {
        "BACKEND": "intranet.portal.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # Signed links are not handed out (see above); should one be made, it is short-lived.
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60")),
            "file_overwrite": False,
            "location": os.environ.get("AWS_LOCATION", "media"),
        },
    }

# --- cache and sessions ------------------------------------------------------------------------
# Redis (REDIS_URL, else CACHE_URL) is the cache all web processes share: the menus and the
# management system's navigation are cached there and dropped on publish. Sessions stay in
# PostgreSQL (Django's database sessions, the default): a session ended while Redis could not
# be told must not come back from the cache, and logging in must not wait for Redis.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's RedisCache; a Redis that is down or hangs is a miss, not an error page
            # and not a slow one (intranet/portal/cache.py): each call gives up after a few
            # hundred milliseconds, and after a failure Redis is left alone for 30 s.
            "BACKEND": "intranet.portal.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "intranet"),
            "TIMEOUT": 3600,
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.3,
                "CIRCUIT_BREAKER_SECONDS": 30,
            },
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- e-mail ------------------------------------------------------------------------------------
# EMAIL_URL or EMAIL_HOST (base.py); without either, the SMTP server on this host, as in
# Django's own default. Files under var/mail/ are for development only.
if email_backend_from_env()[0].endswith("filebased.EmailBackend"):
    globals().update(
        mail_settings(
            "django.core.mail.backends.smtp.EmailBackend",
            {"host": "localhost", "port": 25, "use_tls": False, "use_ssl": False, "timeout": 30},
        )
    )

# --- logging -------------------------------------------------------------------------------------
# One JSON object per line on stderr, for the log collector; LOG_FORMAT=plain for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "intranet.portal.jsonlog.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if os.environ.get("LOG_FORMAT") == "plain" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "intranet": {"level": os.environ.get("INTRANET_LOG_LEVEL", "INFO")},
        "django.request": {"level": "WARNING"},
        "django.security": {"level": "WARNING"},
    },
}

# The intranet talks to no outside service: no check for new Wagtail releases from the admin.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Demo users and demo content are never created on production settings.
INTRANET_ALLOW_DEMO = False
