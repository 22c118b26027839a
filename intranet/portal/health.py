"""What /healthz checks: can this web process reach its database and its Redis?

Answers are "ok", "error" or (for Redis) "not configured"; the reason for an error goes to the
log, never into the answer, which anyone on the network may read.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
# The load balancer's probe must get its answer quickly even from a Redis that accepts
# connections and never answers: a healthy Redis answers PING in well under a millisecond.
CONNECT_TIMEOUT_SECONDS = 0.25
TIMEOUT_SECONDS = 0.5


def check_database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("healthz: database unreachable (%s)", type(error).__name__)
        return "error"
    return "ok"


def redis_urls() -> list[str]:
    """The Redis servers this process uses: the shared cache's and Celery's broker, once each."""
    urls: list[str] = []
    cache = settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith("RedisCache"):
        location = cache.get("LOCATION")
        urls.extend([location] if isinstance(location, str) else list(location or []))
    broker = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if broker.startswith(REDIS_SCHEMES):
        urls.append(broker)
    return [url for index, url in enumerate(urls) if url not in urls[:index]]


def check_redis() -> str:
    urls = redis_urls()
    if not urls:
        return "not configured"
    for url in urls:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        except Exception as error:
            logger.warning("healthz: Redis unreachable (%s)", type(error).__name__)
            return "error"
        finally:
            client.close()
    return "ok"


def health() -> tuple[bool, dict[str, str]]:
    """(healthy, {"database": …, "redis": …})."""
    report = {"database": check_database(), "redis": check_redis()}
    healthy = all(value != "error" for value in report.values())
    return healthy, report
