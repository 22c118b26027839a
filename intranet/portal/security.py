"""Request and response checks of the site: a Content-Security-Policy header, the same on
Django 5.2 and 6.x, and the refusal of NUL characters in requests.

Django 6 has its own CSP middleware (SECURE_CSP), Django 5.2 has none; this small middleware
sets one policy from the CONTENT_SECURITY_POLICY setting (a dict of directive -> sources) on
every response that does not carry one already, so both versions behave alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.utils.datastructures import MultiValueDict

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


class NulCharacterInRequest(SuspiciousOperation):
    """A request carried a NUL character (U+0000) in its address, query, form, cookies or
    headers."""


def _has_nul(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


def _querydict_has_nul(data: QueryDict | MultiValueDict) -> bool:
    return any(_has_nul([key, *data.getlist(key)]) for key in data)


def request_has_nul(request: HttpRequest) -> bool:
    """True when any text of the request that the site may pass on holds a NUL character.

    No person types one and no browser sends one; PostgreSQL refuses it in every text column
    and query parameter, so it would otherwise end as a server error wherever it reaches the
    database (search, tag filters, page paths, the session cookie, forms, the admin)."""
    if "\x00" in request.path_info or "\x00" in request.path:
        return True
    if _querydict_has_nul(request.GET) or _has_nul(
        [*request.COOKIES.keys(), *request.COOKIES.values()]
    ):
        return True
    if _has_nul(str(value) for key, value in request.META.items() if key.startswith("HTTP_")):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        try:
            post, files = request.POST, request.FILES
        except (OSError, UnreadablePostError, RequestDataTooBig, TooManyFieldsSent):
            # Left to the view, which meets the same error as it would without this check.
            return False
        if _querydict_has_nul(post):
            return True
        return _has_nul([*files.keys(), *(upload.name or "" for upload in files.values())])
    return False


FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class RejectNulCharactersMiddleware:
    """Answers a request with a NUL character anywhere in its text with 400 (Django's bad
    request page, intranet/templates/400.html), logged on ``django.security``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            raise NulCharacterInRequest("A NUL character in the request")
        return self.get_response(request)
