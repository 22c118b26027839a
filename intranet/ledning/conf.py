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
}


def get(name: str) -> Any:
    """Return LEDNING_<name> from settings, or the app's default."""
    return getattr(settings, f"LEDNING_{name}", DEFAULTS[name])
