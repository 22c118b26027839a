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
    # Seconds the process pages' navigation (each area's support-process page) stays in
    # Django's default cache; it is dropped whenever a page is saved, moved or deleted. 0: off.
    "NAVIGATION_CACHE_SECONDS": 3600,
    # Documents per page of a document index page (dokumentsida); a type with no more than this
    # shows them all. Rendered rows stay this many seconds in Django's default cache (a
    # change of the document gives its row a new key). 0: off.
    "DOCUMENT_INDEX_PAGE_SIZE": 50,
    "DOCUMENT_ROW_CACHE_SECONDS": 24 * 3600,
    # The letters' and tags' counts on document index pages stay this many seconds in the cache
    # (any change of a document, its tags or a file drops them at once). 0: off.
    "DOCUMENT_COUNT_CACHE_SECONDS": 3600,
    # Items per page of the other lists that grow with content: the list of changes
    # (/ledningssystem/andringar/) and the processes that use a document (its own page).
    "LIST_PAGE_SIZE": 50,
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
    # --- läskvittens (readconfirm/) -------------------------------------------------------
    # Days staff have to confirm a read request (the approver's form proposes today + this).
    "READ_CONFIRMATION_DAYS": 30,
    # Those who have not confirmed get a reminder this many days before the due date; the day
    # after it, the requester and the LS-administrators get one escalation digest.
    "READ_CONFIRMATION_REMINDER_DAYS": 5,
    # Seconds the pages and documents that have an open request stay in the cache (HEM, Min
    # sida and every page's button ask it first; opening or closing a request drops it). 0: off.
    "READ_REQUEST_CACHE_SECONDS": 3600,
    # --- process maps (processmaps/) ----------------------------------------------------
    # Largest yEd GraphML file an editor may upload, in bytes.
    "PROCESSMAP_MAX_BYTES": 5 * 1024 * 1024,
    # --- link checking (linkcheck/) ------------------------------------------------------
    # Requests in flight at once, and at once to one host; the shortest gap in seconds between
    # two requests to the same host. (200: 50 hosts at 4 each; the per-host limit and interval
    # are what keeps the check polite to each server.)
    "LINKCHECK_CONCURRENCY": 200,
    "LINKCHECK_PER_HOST": 4,
    "LINKCHECK_HOST_INTERVAL": 0.02,
    # Processes that make the requests (each with hosts of its own), beside the one that reads
    # and stores the links. More pay only with idle cores and thousands of links on many hosts.
    "LINKCHECK_PROCESSES": 1,
    # Seconds to connect and to wait for each read; no single request lasts longer than the
    # total (a server trickling bytes cannot hold a link for ever).
    "LINKCHECK_CONNECT_TIMEOUT": 10.0,
    "LINKCHECK_READ_TIMEOUT": 10.0,
    "LINKCHECK_TOTAL_TIMEOUT": 30.0,
    "LINKCHECK_MAX_REDIRECTS": 10,
    # Network errors (not timeouts) are retried this many times, waiting backoff × 2^n seconds.
    "LINKCHECK_RETRIES": 2,
    "LINKCHECK_RETRY_BACKOFF": 0.5,
    # A 429/503 with Retry-After up to this many seconds is waited for (the whole host waits);
    # a longer one ends in the verdict "error".
    "LINKCHECK_RETRY_AFTER_MAX": 60,
    # Bytes of a body read at most (HEAD reads none; a GET fallback stops here).
    "LINKCHECK_MAX_BODY_BYTES": 64 * 1024,
    # The User-Agent header; empty: "Ledningssystemet-lankkontroll/1.0 (+<base url>)".
    "LINKCHECK_USER_AGENT": "",
    # A link found working is not checked again for this many hours.
    "LINKCHECK_CACHE_HOURS": 24,
    # Hosts or URL patterns never checked (verdict "skipped"): "intra.kommun.se",
    # "*.kommun.se", or a URL prefix "https://example.se/privat/".
    "LINKCHECK_SKIP": [],
    # Certificates: True (the system's CAs), False (never do this), or a CA bundle's path.
    "LINKCHECK_VERIFY": True,
    # An outgoing HTTP proxy for external links, e.g. "http://proxy.kommun.se:8080".
    "LINKCHECK_PROXY": "",
}


def get(name: str) -> Any:
    """Return LEDNING_<name> from settings, or the app's default."""
    return getattr(settings, f"LEDNING_{name}", DEFAULTS[name])
