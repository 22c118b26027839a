"""Request and response checks of the site: a Content-Security-Policy header, the same on
Django 5.2 and 6.x, and the refusal of NUL characters in requests.

Django 6 has its own CSP middleware (SECURE_CSP), Django 5.2 has none; this small middleware
sets the policies below on every response that does not carry one already, so both versions
behave alike. Three policies, by what is answered:

- the staff-facing site: scripts only from the site's own files ('self'), never inline: the
  site's templates have no inline script or event handler attribute (a script that needs to
  be inline would need a nonce or hash here first);
- the Wagtail admin and Django's admin, on their own paths only: they still have inline
  scripts, so there scripts may also be inline;
- anything that is not an HTML page (a file, JSON, XML, an SVG): nothing runs and nothing is
  loaded, whatever path answers it, so a file with script in it (an SVG imported before the
  import refused them) cannot run in the site's origin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.urls import NoReverseMatch, reverse
from django.utils.datastructures import MultiValueDict

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

# The staff-facing site (tests/production/test_csp_browser.py opens its pages as staff and as
# an editor, with Wagtail's user bar, and listens for violations). Style attributes are still
# allowed; nothing may be loaded from another origin, framed by one, or posted to one.
DEFAULT_POLICY: dict[str, Sequence[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
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

# The Wagtail admin (editor, choosers, preview) still has inline scripts: on its own paths
# only, scripts may also be inline.
ADMIN_POLICY: dict[str, Sequence[str]] = {
    **DEFAULT_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
}

# What is not an HTML page runs nothing and loads nothing but its own inline styles and
# pictures (an SVG drawing may have both); `sandbox` makes it an origin of its own.
NON_HTML_POLICY: dict[str, Sequence[str]] = {
    "default-src": ["'none'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
    "sandbox": [],
}

# URL names of the admins whose paths get ADMIN_POLICY (CONTENT_SECURITY_POLICY_ADMIN_PATHS
# lists path prefixes instead, where the URLs are not named).
ADMIN_URL_NAMES = ("wagtailadmin_home", "admin:index")


def build_policy(directives: Mapping[str, Sequence[str] | str]) -> str:
    """'default-src 'self'; img-src 'self' data:' from {"default-src": ["'self'"], …}."""
    parts = []
    for name, sources in directives.items():
        values = [sources] if isinstance(sources, str) else list(sources)
        parts.append(" ".join([name, *values]).strip())
    return "; ".join(parts)


def admin_path_prefixes() -> tuple[str, ...]:
    """The path prefixes of the Wagtail admin and Django's admin."""
    configured = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PATHS", None)
    if configured is not None:
        return tuple(configured)
    prefixes = []
    for name in ADMIN_URL_NAMES:
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            continue
    return tuple(prefix for prefix in prefixes if prefix not in ("", "/"))


def is_html(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.split(";", 1)[0].strip().lower() in ("text/html", "")


class ContentSecurityPolicyMiddleware:
    """Adds a policy to each response that has none: NON_HTML_POLICY to anything but an HTML
    page; to pages CONTENT_SECURITY_POLICY_ADMIN (default ADMIN_POLICY) under the admins'
    paths, else CONTENT_SECURITY_POLICY (default DEFAULT_POLICY).
    CONTENT_SECURITY_POLICY_REPORT_ONLY = True sends them as report-only instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        site = getattr(settings, "CONTENT_SECURITY_POLICY", None) or DEFAULT_POLICY
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or ADMIN_POLICY
        self.policy = build_policy(site)
        self.admin_policy = build_policy(admin)
        self.non_html_policy = build_policy(NON_HTML_POLICY)
        self._admin_prefixes: tuple[str, ...] | None = None
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
        self.header = REPORT_ONLY_HEADER if report_only else HEADER

    def admin_prefixes(self) -> tuple[str, ...]:
        if self._admin_prefixes is None:  # the URLconf is complete once requests come in
            self._admin_prefixes = admin_path_prefixes()
        return self._admin_prefixes

    def policy_for(self, request: HttpRequest, response: HttpResponse) -> str:
        if not is_html(response):
            return self.non_html_policy
        if request.path.startswith(self.admin_prefixes()):
            return self.admin_policy
        return self.policy

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[self.header] = self.policy_for(request, response)
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
