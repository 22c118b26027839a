"""The site on the production settings under gunicorn, as the load balancer reaches it: HTTPS
only, security headers, secure cookies, whitenoise's static files, /healthz, JSON logs."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from ..conftest import PASSWORD
from .server import HOST_NAME, collect_static, gunicorn

pytestmark = pytest.mark.postgres

LOGIN = "/logga-in/"


@pytest.fixture
def staff_member(django_user_model, postgres_db):
    """A user whose password hash the production settings know (the test settings use MD5)."""
    user = django_user_model.objects.create(username="produktion", first_name="Pia")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "produktionsalt", iterations=1000)
    user.save()
    return user


def set_cookies(response) -> dict[str, str]:
    """{name: the whole Set-Cookie header} of a response."""
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def log_in(client, username: str) -> dict[str, str]:
    """Log in through the login form; the cookies to send (the client keeps Secure cookies to
    itself over plain HTTP, so they travel in the Cookie header)."""
    form = client.get(LOGIN)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = set_cookies(form)["csrftoken"].split(";", 1)[0]
    response = client.post(
        LOGIN,
        data={"csrfmiddlewaretoken": csrf, "username": username, "password": PASSWORD},
        headers={"Cookie": cookie, "Referer": f"https://{HOST_NAME}{LOGIN}"},
    )
    assert response.status_code == 302, response.text[:500]
    cookies = set_cookies(response)
    session = cookies["sessionid"].split(";", 1)[0]
    return {"Cookie": f"{session}; {cookie}", "_set_cookie": cookies["sessionid"]}


def test_pages_carry_the_security_headers_and_secure_cookies(production_server, staff_member):
    with production_server.client() as client:
        form = client.get(LOGIN)
        assert form.status_code == 200
        headers = form.headers
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        policy = headers["content-security-policy"]
        for directive in ("default-src 'self'", "frame-ancestors 'self'", "object-src 'none'"):
            assert directive in policy
        csrf_cookie = set_cookies(form)["csrftoken"]
        assert "Secure" in csrf_cookie

        login = log_in(client, "produktion")
        session_cookie = login.pop("_set_cookie")
        for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
            assert flag in session_cookie
        home = client.get("/", headers=login, follow_redirects=True)
        assert home.status_code == 200
        assert "Logga ut" in home.text
        assert "content-security-policy" in home.headers


def test_plain_http_is_sent_to_https_but_the_health_check_is_not(production_server):
    with production_server.client(headers={"X-Forwarded-Proto": "http"}) as client:
        response = client.get("/min-sida/")
        assert response.status_code == 301
        assert response.headers["location"] == f"https://{HOST_NAME}/min-sida/"
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_without_redis_the_site_works_and_the_health_check_says_so(
    production_env_for_test, staff_member
):
    from .server import free_port

    env = {**production_env_for_test, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    collect_static(env)
    with gunicorn(env, workers=1) as server, server.client() as client:
        response = client.get("/healthz")
        assert response.status_code == 503
        # Which part is down, and nothing more (no addresses, no exception text).
        assert response.json() == {"status": "error", "database": "ok", "redis": "error"}
        assert "no-cache" in response.headers["cache-control"]

        # The cache is a miss, not an error page: staff can still log in and read.
        login = log_in(client, "produktion")
        login.pop("_set_cookie")
        home = client.get("/", headers=login, follow_redirects=True)
        assert home.status_code == 200
        assert "Logga ut" in home.text
        logged = server.log()
    assert "healthz: Redis unreachable (ConnectionError)" in logged
    assert "cache: Redis unreachable" in logged


def test_static_files_are_served_compressed_with_far_future_caching(production_server):
    with production_server.client() as client:
        page = client.get(LOGIN)
        stylesheet = re.search(r'href="(/static/portal/css/site\.[0-9a-f]{12}\.css)"', page.text)
        assert stylesheet, "the stylesheet's name carries its hash (manifest storage)"
        response = client.get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=315360000" in response.headers["cache-control"]
        assert ".site-header" in response.text or "body" in response.text


def test_the_log_is_one_json_object_per_line(production_server, staff_member):
    with production_server.client() as client:
        login = log_in(client, "produktion")
        login.pop("_set_cookie")
        assert client.get("/finns-inte-alls/", headers=login).status_code == 404

    def entries() -> list[dict]:
        lines = production_server.log().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def logged(logger: str) -> list[dict]:
        return [
            entry
            for entry in entries()
            if entry.get("logger") == logger and entry.get("path") == "/finns-inte-alls/"
        ]

    # A gunicorn worker writes its access line after the response has left, so give it a moment.
    deadline = time.monotonic() + 10
    while not logged("gunicorn.access") and time.monotonic() < deadline:
        time.sleep(0.05)
    not_found = logged("django.request")
    assert not_found and not_found[0]["level"] == "WARNING"
    access = logged("gunicorn.access")
    assert access and access[-1]["status"] == 404
