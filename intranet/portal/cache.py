"""Django's Redis cache, but a Redis that cannot be reached is a cache miss, not an error page.

The cache only holds what can be built again (menus, navigation, sessions read through to the
database), so while Redis is down the site keeps working from PostgreSQL, a little slower;
/healthz reports the outage and each failed call is logged (once a minute per process).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

_last_warning = 0.0


def _warn(operation: str, error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning("cache: Redis unreachable in %s (%s)", operation, type(error).__name__)


def _tolerant(default: Callable[..., Any]) -> Callable:
    """Wrap a client method: on a Redis connection error return default(*args)."""

    def decorator(method: Callable) -> Callable:
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
                _warn(method.__name__, error)
                return default(*args)

        return wrapper

    return decorator


class TolerantRedisCacheClient(RedisCacheClient):
    add = _tolerant(lambda *args: False)(RedisCacheClient.add)
    get = _tolerant(lambda key, default: default)(RedisCacheClient.get)
    set = _tolerant(lambda *args: None)(RedisCacheClient.set)
    touch = _tolerant(lambda *args: False)(RedisCacheClient.touch)
    delete = _tolerant(lambda *args: False)(RedisCacheClient.delete)
    get_many = _tolerant(lambda *args: {})(RedisCacheClient.get_many)
    has_key = _tolerant(lambda *args: False)(RedisCacheClient.has_key)
    set_many = _tolerant(lambda *args: [])(RedisCacheClient.set_many)
    delete_many = _tolerant(lambda *args: None)(RedisCacheClient.delete_many)
    clear = _tolerant(lambda *args: False)(RedisCacheClient.clear)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
