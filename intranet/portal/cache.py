"""Django's Redis cache, but a Redis that cannot be reached is a cache miss, not an error page
and not a slow page.

The cache only holds what can be built again (menus, navigation), so while Redis is down or
hangs the site keeps working from PostgreSQL, a little slower. Two things keep it fast:

- the client's socket timeouts (the production settings give a few hundred milliseconds), so
  one call to a Redis that accepts connections but never answers gives up quickly;
- a circuit breaker: after a call failed, this process leaves Redis alone for
  ``CIRCUIT_BREAKER_SECONDS`` (an OPTIONS entry, default 30) and every call is a miss or does
  nothing at once. Then one call tries Redis again; the others keep skipping it until that one
  has succeeded.

Keys this process could not delete meanwhile (a page was published while Redis was away) are
deleted as soon as Redis answers again, so a menu cached before the outage does not outlive it.
The outage is logged once when it begins and once when it ends; /healthz reports it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

DEFAULT_BREAKER_SECONDS = 30.0
# At most this many skipped deletions are remembered per Redis; the cache's entries are few
# (a menu per site, the navigation), so this is never reached in practice.
MAX_PENDING_DELETES = 10_000


class CircuitBreaker:
    """The state of one Redis location in this process, shared by all its threads."""

    def __init__(self, name: str, seconds: float):
        self.name = name
        self.seconds = seconds
        self._lock = threading.Lock()
        self._failing = False
        self._retry_at = 0.0
        self._pending_deletes: set[Any] = set()

    @property
    def failing(self) -> bool:
        return self._failing

    def allow(self) -> bool:
        """May this call go to Redis? While failing, one call per interval may (the probe)."""
        if not self._failing:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + self.seconds  # the others keep skipping while this one tries
            return True

    def failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            began = not self._failing
            self._failing = True
            self._retry_at = time.monotonic() + self.seconds
        if began:
            logger.warning(
                "cache: Redis unreachable in %s (%s); the cache is skipped for %g s",
                operation,
                type(error).__name__,
                self.seconds,
            )

    def succeeded(self) -> set[Any]:
        """Redis answered: close the breaker; the keys whose deletion is still owed."""
        if not self._failing and not self._pending_deletes:
            return set()
        with self._lock:
            ended = self._failing
            self._failing = False
            self._retry_at = 0.0
            pending, self._pending_deletes = self._pending_deletes, set()
        if ended:
            logger.info("cache: Redis answers again; the cache is used again")
        return pending

    def owe_deletes(self, keys) -> None:
        with self._lock:
            room = MAX_PENDING_DELETES - len(self._pending_deletes)
            self._pending_deletes.update(list(keys)[: max(room, 0)])

    def reset(self) -> None:
        with self._lock:
            self._failing = False
            self._retry_at = 0.0
            self._pending_deletes = set()


_breakers: dict[tuple[tuple[str, ...], float], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(servers: list[str], seconds: float) -> CircuitBreaker:
    """One breaker per Redis location and process (Django gives each thread its own client)."""
    key = (tuple(servers), float(seconds))
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(",".join(servers), float(seconds))
        return _breakers[key]


def _deleted_keys(operation: str, args: tuple) -> list[Any]:
    if operation == "delete":
        return [args[0]]
    if operation == "delete_many":
        return list(args[0])
    return []


def _tolerant(default: Callable[..., Any]) -> Callable:
    """Wrap a client method: skipped while the breaker is open; on a Redis connection error or
    timeout the breaker opens and default(*args) is returned."""

    def decorator(method: Callable) -> Callable:
        operation = method.__name__

        @wraps(method)
        def wrapper(self, *args, **kwargs):
            breaker = self._breaker
            if not breaker.allow():
                self._skipped(operation, args)
                return default(*args)
            try:
                result = method(self, *args, **kwargs)
            except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
                breaker.failed(operation, error)
                self._skipped(operation, args)
                return default(*args)
            owed = breaker.succeeded()
            if owed:
                self._delete_owed(owed)
            return result

        return wrapper

    return decorator


class TolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, breaker: CircuitBreaker, **options):
        super().__init__(servers, **options)
        self._breaker = breaker

    def _skipped(self, operation: str, args: tuple) -> None:
        keys = _deleted_keys(operation, args)
        if keys:
            self._breaker.owe_deletes(keys)

    def _delete_owed(self, keys: set[Any]) -> None:
        try:
            RedisCacheClient.delete_many(self, list(keys))
        except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
            self._breaker.failed("delete_many", error)
            self._breaker.owe_deletes(keys)

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
    """OPTIONS as for Django's RedisCache (socket_connect_timeout, socket_timeout, …), plus
    CIRCUIT_BREAKER_SECONDS: how long Redis is left alone after a failed call."""

    def __init__(self, server, params):
        super().__init__(server, params)
        options = dict(self._options)
        self._breaker_seconds = float(
            options.pop("CIRCUIT_BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS)
        )
        self._options = options
        self._class = TolerantRedisCacheClient

    @property
    def breaker(self) -> CircuitBreaker:
        return breaker_for(self._servers, self._breaker_seconds)

    @cached_property
    def _cache(self):
        return self._class(self._servers, breaker=self.breaker, **self._options)
