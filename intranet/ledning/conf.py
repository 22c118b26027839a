"""The app's own settings, each prefixed LEDNING_ and with a default.

The app reads nothing else from the project's settings, so it installs into any Wagtail site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Page types the management system's start page may be created under.
    "START_PAGE_PARENT_TYPES": ["wagtailcore.Page"],
    # Slug of an area's child page that lists its support processes (stödprocesser); process
    # pages link to it in their footer, as seed 001 describes.
    "SUPPORT_PROCESSES_SLUG": "stodprocesser",
    # Risk value (severity × likelihood) from which a risk row must name an action.
    "RISK_ACTION_THRESHOLD": 9,
    # Largest file accepted by the import command, in bytes.
    "IMPORT_MAX_FILE_SIZE": 50 * 1024 * 1024,
    # Wagtail collection that imported files are stored in (created if missing).
    "IMPORT_COLLECTION": "Ledningssystemet",
    # --- governance ----------------------------------------------------------------------
    # The group of management-system administrators (LS-administratörer): they get
    # administrative change proposals and the escalation of overdue reviews.
    "ADMINISTRATORS_GROUP": "LS-administratörer",
    # Months between reviews (seed 004: yearly revision), overridable per document type or
    # "process" for process pages, e.g. {"blankett": 24}; a page or document may set its own.
    "REVIEW_INTERVAL_MONTHS": 12,
    "REVIEW_INTERVALS": {},
    # Owners are reminded this many days before a review falls due.
    "REVIEW_REMINDER_DAYS": 30,
    # Absolute links in e-mail: this address, else Wagtail's WAGTAILADMIN_BASE_URL, else the
    # default Site's root URL.
    "BASE_URL": "",
    # Sender of the management system's e-mail (default: DEFAULT_FROM_EMAIL).
    "FROM_EMAIL": "",
    # Where staff choose immediate e-mail, a daily digest or none (linked from every notice).
    "NOTIFICATION_SETTINGS_URL": "",
    # Sending notices: recipients per SMTP connection, tasks sending one notice in parallel,
    # how long a claimed batch is reserved for the worker that claimed it, and retries.
    "NOTICE_BATCH_SIZE": 200,
    "NOTICE_PARALLEL_TASKS": 2,
    "DELIVERY_LEASE_SECONDS": 300,
    "DELIVERY_MAX_ATTEMPTS": 8,
    "DELIVERY_RETRY_SECONDS": 60,
}


def get(name: str) -> Any:
    """Return LEDNING_<name> from settings, or the app's default."""
    return getattr(settings, f"LEDNING_{name}", DEFAULTS[name])
