"""The app's own settings, each prefixed STAFF_ and with a default.

The app reads nothing else from the project's settings, so it installs into any Wagtail site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The request.META key a trusted proxy puts the logged-in user's name in, e.g.
    # "HTTP_X_REMOTE_USER" for an "X-Remote-User" header, or "REMOTE_USER" from the web server.
    # None (the default) switches automatic login off. Only enable it behind a proxy that
    # removes the header from every client request.
    "TRUSTED_HEADER": None,
    # Whether automatic login creates a user that does not exist yet.
    "TRUSTED_HEADER_CREATE_USERS": False,
    # Strip a Windows domain ("KOMMUN\\anna") or realm ("anna@KOMMUN.SE") from the header.
    "TRUSTED_HEADER_STRIP_DOMAIN": True,
    # Page types a news index may be created under.
    "NEWS_INDEX_PARENT_TYPES": ["wagtailcore.Page"],
    # News items on the start page, per list ("Mina nyheter", "Aktuellt i kommunen").
    "HOME_NEWS_COUNT": 5,
    # News items per page of a full news list.
    "NEWS_PER_PAGE": 20,
    # Most bookmarks and shortcuts one person may keep.
    "MAX_BOOKMARKS": 200,
    "MAX_SHORTCUTS": 100,
}


def get(name: str) -> Any:
    """Return STAFF_<name> from settings, or the app's default."""
    return getattr(settings, f"STAFF_{name}", DEFAULTS[name])
