"""How the HTTP checks behave (LEDNING_LINKCHECK_* settings), without importing httpx: the
process that only extracts and stores links has no use for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import conf
from ..emails import base_url


@dataclass
class CheckConfig:
    concurrency: int = 200
    per_host: int = 4
    host_interval: float = 0.02
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 10
    retries: int = 2
    retry_backoff: float = 0.5
    retry_after_max: float = 60.0
    max_body_bytes: int = 64 * 1024
    user_agent: str = "Ledningssystemet-lankkontroll/1.0"
    verify: Any = True
    proxy: str | None = None

    @classmethod
    def from_settings(cls, **overrides: Any) -> CheckConfig:
        user_agent = conf.get("LINKCHECK_USER_AGENT") or (
            f"Ledningssystemet-lankkontroll/1.0 (+{base_url() or 'intranet'})"
        )
        values = {
            "concurrency": int(conf.get("LINKCHECK_CONCURRENCY")),
            "per_host": int(conf.get("LINKCHECK_PER_HOST")),
            "host_interval": float(conf.get("LINKCHECK_HOST_INTERVAL")),
            "connect_timeout": float(conf.get("LINKCHECK_CONNECT_TIMEOUT")),
            "read_timeout": float(conf.get("LINKCHECK_READ_TIMEOUT")),
            "total_timeout": float(conf.get("LINKCHECK_TOTAL_TIMEOUT")),
            "max_redirects": int(conf.get("LINKCHECK_MAX_REDIRECTS")),
            "retries": int(conf.get("LINKCHECK_RETRIES")),
            "retry_backoff": float(conf.get("LINKCHECK_RETRY_BACKOFF")),
            "retry_after_max": float(conf.get("LINKCHECK_RETRY_AFTER_MAX")),
            "max_body_bytes": int(conf.get("LINKCHECK_MAX_BODY_BYTES")),
            "user_agent": user_agent,
            "verify": conf.get("LINKCHECK_VERIFY"),
            "proxy": conf.get("LINKCHECK_PROXY") or None,
        }
        values.update(overrides)
        return cls(**values)
