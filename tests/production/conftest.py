"""Fixtures of the production tests: the site on the production settings under gunicorn.

gunicorn is another process, so it must see the test's committed data: that needs PostgreSQL
(the in-memory SQLite test database lives inside this process). Locally these tests skip
without it; under CI (CI=true) they fail instead."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection

from ..conftest import skip_or_fail
from .server import Server, collect_static, database_url, gunicorn, production_env

REDIS_PORT = int(os.environ.get("LEDNING_TEST_REDIS_PORT", "6379"))


@pytest.fixture
def production_env_for_test(postgres_db, tmp_path) -> dict[str, str]:
    """Production settings on the test database, the machine's Redis (database 12) with a key
    prefix of this test's own, media in a temporary directory."""
    media = tmp_path / "media"
    media.mkdir()
    return production_env(
        database_url(connection.settings_dict),
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/12",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/12",
        CACHE_KEY_PREFIX=f"test-production-{uuid.uuid4().hex}",
        MEDIA_ROOT=str(media),
        INTRANET_VAR_DIR=str(tmp_path / "var"),
        # Plain HTTP on loopback: the client says what the load balancer would.
        LOG_LEVEL="INFO",
    )


@pytest.fixture
def production_server(production_env_for_test) -> Iterator[Server]:
    if shutil.which("redis-server") is None and not _redis_answers():
        skip_or_fail(f"Redis is not running on 127.0.0.1:{REDIS_PORT}")
    collect_static(production_env_for_test)
    with gunicorn(production_env_for_test, workers=2) as server:
        yield server
    connection.close()


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis(port=REDIS_PORT, socket_connect_timeout=1).ping())
    except Exception:
        return False
