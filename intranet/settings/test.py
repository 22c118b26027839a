"""Test settings: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, mail_settings

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_intranet")}

MEDIA_ROOT = tempfile.mkdtemp(prefix="intranet-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
globals().update(mail_settings("django.core.mail.backends.locmem.EmailBackend", {}))
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tasks run eagerly and raise in the test (tests/governance starts a real worker where it needs
# one, against Redis, and switches the app over for that test).
CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
