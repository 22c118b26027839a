"""Wagtail's site of a request from the cache instead of a query built on every request.

Wagtail finds the site for each request with a query it builds through the ORM (hostname, port
and the default site ranked by a CASE), which cost 1–2 ms of CPU on every page: the largest cost
every page shared in a profile of the load test's mix. Sites change rarely, so the sites found
so far are kept in one cache entry, {host and port: site with its root page, as its specific
page type}, and handed to
Wagtail as the request's site (``request._wagtail_site``, where Site.find_for_request keeps
it). The entry is dropped with the cached menus whenever a page or a site changes (saved,
moved, deleted, unpublished, imported; portal/signal_handlers.py), at once and again when the
transaction commits. Each request gets its own copy (the cache stores pickled values), so
nothing one request caches on the site or its root page reaches another.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .menus import cache_seconds

SITES_KEY = "portal:sites-by-host"
#: Host names are the client's to choose: only allowed ones are kept, at most this many.
MAX_HOSTS = 32
_NO_SITE = "-"


def site_for_request(request: HttpRequest) -> Site | None:
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = f"{hostname}:{port}"
    # Kept as long as the menus (PORTAL_MENU_CACHE_SECONDS; 0 turns it off): an entry written
    # by a request that read the sites just before a change committed is stale at most so long.
    seconds = cache_seconds()
    sites = (cache.get(SITES_KEY) or {}) if seconds > 0 else {}
    if key in sites:
        site = sites[key]
        return None if site == _NO_SITE else site
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    if site is not None and seconds > 0:
        # Wagtail routes every page view from site.root_page.specific: kept specific in the
        # entry, that is one query fewer on each (a page change drops the entry, see above).
        site.root_page = site.root_page.specific
    if seconds > 0 and len(sites) < MAX_HOSTS and _allowed(request):
        sites[key] = _NO_SITE if site is None else site
        cache.set(SITES_KEY, sites, seconds)
    return site


def _allowed(request: HttpRequest) -> bool:
    """Whether Django serves this Host header (ALLOWED_HOSTS): only those are kept, so that
    the hosts a client makes up cannot fill the entry before the site's own."""
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def forget_sites() -> None:
    cache.delete(SITES_KEY)


def forget_sites_now_and_on_commit() -> None:
    forget_sites()
    transaction.on_commit(forget_sites)


class CachedSiteMiddleware:
    """Sets the request's Wagtail site from the cache (Wagtail looks it up otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
