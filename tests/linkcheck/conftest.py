"""Fixtures for the link checker's tests: fast timeouts, no look-ups of the example hosts the
shared fixtures link to, and a real HTTP server on a loopback address."""

from __future__ import annotations

import pytest

from .servers import LinkServer


@pytest.fixture(autouse=True)
def linkcheck_settings(settings):
    # The shared site tree links to https://lathundar.example.se/: never looked up here.
    settings.LEDNING_LINKCHECK_SKIP = ["*.example.se", "example.se"]
    settings.LEDNING_LINKCHECK_CONNECT_TIMEOUT = 2.0
    settings.LEDNING_LINKCHECK_READ_TIMEOUT = 1.0
    settings.LEDNING_LINKCHECK_TOTAL_TIMEOUT = 3.0
    settings.LEDNING_LINKCHECK_RETRY_BACKOFF = 0.05
    return settings


@pytest.fixture
def web():
    """An HTTP server on 127.0.0.3 (ok, 404, hanging, 200 MB, redirects …)."""
    with LinkServer("127.0.0.3") as server:
        yield server
