"""Settings for the Celery worker that the governance tests start as a separate process.

The test settings, with the test's database (DATABASE_URL names the test database), its broker
(CELERY_BROKER_URL, a dedicated Redis database) and its SMTP server (EMAIL_URL), and short
leases and retries so that recovery happens within a test's time."""

import os

from intranet.settings.base import email_backend_from_env, mail_settings
from intranet.settings.test import *  # noqa: F403

globals().update(mail_settings(*email_backend_from_env()))

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
if os.environ.get("CELERY_KEYPREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": os.environ["CELERY_KEYPREFIX"],
    }
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_NOTICE_REDISPATCH_SECONDS = float(os.environ.get("CELERY_NOTICE_REDISPATCH_SECONDS", "1"))
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
LEDNING_DELIVERY_LEASE_SECONDS = int(os.environ.get("LEDNING_DELIVERY_LEASE_SECONDS", "5"))
LEDNING_DELIVERY_RETRY_SECONDS = int(os.environ.get("LEDNING_DELIVERY_RETRY_SECONDS", "1"))
LEDNING_NOTICE_BATCH_SIZE = int(os.environ.get("LEDNING_NOTICE_BATCH_SIZE", "50"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"intranet": {"level": "INFO"}},
}
