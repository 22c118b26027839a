"""Cache stamps: a cached value is stored under a key that holds the current stamp, and a change
drops the stamp, so that what was cached under the old one is never read again.

The stamp is dropped at once and again when the transaction commits: a view that read the data
before the change committed may have cached what it saw under the stamp it got then.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


class CacheStamp:
    """One stamp in the cache, under ``key``; kept until dropped (no expiry)."""

    def __init__(self, key: str):
        self.key = key

    def current(self) -> str:
        """The current stamp (a new one after every drop)."""
        stamp = cache.get(self.key)
        if stamp is None:
            stamp = uuid.uuid4().hex
            if not cache.add(self.key, stamp, None):
                stamp = cache.get(self.key) or stamp
        return stamp

    def drop(self) -> None:
        """What was cached under the current stamp is out of date: now and at the commit."""
        cache.delete(self.key)
        transaction.on_commit(lambda: cache.delete(self.key))
