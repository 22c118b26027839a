"""The production Content-Security-Policy by what is answered (intranet/portal/security.py):
the staff-facing site allows no inline script, the admins keep what they need on their own
paths only, and anything that is not an HTML page runs nothing whatever path serves it.
(tests/production/test_csp_browser.py shows the same in Chromium under gunicorn.)"""

from __future__ import annotations

import pytest
from django.http import FileResponse, HttpResponse, JsonResponse
from django.test import RequestFactory

from intranet.portal.security import ContentSecurityPolicyMiddleware

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def policy(path: str, response: HttpResponse) -> dict[str, str]:
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    answered = middleware(RequestFactory().get(path))
    directives = {}
    for directive in answered["Content-Security-Policy"].split(";"):
        name, _sep, value = directive.strip().partition(" ")
        directives[name] = value
    return directives


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/logga-in/",
        "/min-sida/",
        "/sok/",
        "/ledningssystem/vard-och-omsorg/",
        "/ledningssystem/styrdokument/rutin-x/",
        "/administration/",  # not the admin: a page whose slug only starts alike
    ],
)
def test_staff_pages_allow_scripts_from_the_site_only(path):
    directives = policy(path, HttpResponse("<h1>Sida</h1>"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/3/edit/", "/admin/login/"])
def test_the_admins_keep_inline_scripts_on_their_own_paths(path):
    assert policy(path, HttpResponse("<h1>Admin</h1>"))["script-src"] == "'self' 'unsafe-inline'"


@pytest.mark.parametrize("path", ["/media/original_images/x.svg", "/admin/images/1/x.svg", "/x"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: HttpResponse(SVG, content_type="image/svg+xml"),
        lambda: HttpResponse(b"<x/>", content_type="application/xml"),
        lambda: JsonResponse({"html": "<script>alert(1)</script>"}),
    ],
    ids=["svg", "xml", "json"],
)
def test_what_is_not_a_page_runs_nothing_wherever_it_is_served(path, make):
    directives = policy(path, make())
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives
    assert "sandbox" in directives


def test_a_policy_the_view_set_itself_is_kept():
    response = FileResponse(iter([b"%PDF"]), content_type="application/pdf")
    response["Content-Security-Policy"] = "default-src 'none'"
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    answered = middleware(RequestFactory().get("/documents/1/x.pdf"))
    assert answered["Content-Security-Policy"] == "default-src 'none'"
