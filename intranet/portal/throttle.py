"""Login throttling (django-axes, configured in intranet/settings/base.py): the client address
that failed logins are counted against.

Behind the municipality's reverse proxy every request comes from the proxy's own address, so
counting by REMOTE_ADDR would lock out everyone at once. Each trusted proxy appends the address
it received the request from to X-Forwarded-For; anything to the left of those entries was
written by the client and may be forged. With TRUSTED_PROXY_COUNT = n the client's address is
the n-th entry from the right; with 0 (the default, no proxy) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address failed logins are counted against (AXES_CLIENT_IP_CALLABLE)."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        chain = [entry.strip() for entry in forwarded if entry.strip()]
        if len(chain) >= proxies:
            address = _valid(chain[-proxies])
            if address:
                return address
    return _valid(peer) or peer or None
