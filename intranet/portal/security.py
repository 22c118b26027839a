"""A Content-Security-Policy header, the same on Django 5.2 and 6.x.

Django 6 has its own CSP middleware (SECURE_CSP), Django 5.2 has none; this small middleware
sets one policy from the CONTENT_SECURITY_POLICY setting (a dict of directive -> sources) on
every response that does not carry one already, so both versions behave alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

# What the Wagtail admin and the site's pages work under (tests/production/test_csp_browser.py
# opens the admin's editor, choosers and the site's pages and listens for violations). The
# admin still has inline scripts and style attributes, hence 'unsafe-inline' for those two;
# nothing may be loaded from another origin, framed by one, or posted to one.
DEFAULT_POLICY: dict[str, Sequence[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def build_policy(directives: Mapping[str, Sequence[str] | str]) -> str:
    """'default-src 'self'; img-src 'self' data:' from {"default-src": ["'self'"], …}."""
    parts = []
    for name, sources in directives.items():
        values = [sources] if isinstance(sources, str) else list(sources)
        parts.append(" ".join([name, *values]).strip())
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Adds the policy of CONTENT_SECURITY_POLICY (default DEFAULT_POLICY) to each response;
    CONTENT_SECURITY_POLICY_REPORT_ONLY = True sends it as report-only instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        directives = getattr(settings, "CONTENT_SECURITY_POLICY", None) or DEFAULT_POLICY
        self.policy = build_policy(directives)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
        self.header = REPORT_ONLY_HEADER if report_only else HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[self.header] = self.policy
        return response
