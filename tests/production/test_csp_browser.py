"""The admin and the site work under the production Content-Security-Policy: Chromium drives
the site on the production settings (gunicorn) and no directive is violated.

JavaScript is what a policy breaks, so each step waits for something only JavaScript makes:
the admin's sidebar, the StreamField and Draftail editors, the preview panel's frame, the page
chooser dialog, the bookmark star's label."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connections

from ..browser.conftest import CHROMIUM, CHROMIUM_ARGS, missing_or_skip
from ..conftest import PASSWORD
from .server import collect_static, gunicorn

pytestmark = pytest.mark.postgres

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Collects every violation the page reports, from the first script on.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
  );
});
"""


@pytest.fixture
def site_on_production_settings(production_env_for_test):
    # The browser talks plain HTTP to gunicorn on loopback; TLS is the load balancer's. The
    # policy under test is the same either way.
    env = {**production_env_for_test, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    collect_static(env)
    with gunicorn(env, workers=2) as server:
        yield server


@pytest.fixture
def production_browser(site_on_production_settings):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_or_skip("The Python package playwright is not installed (make install).")
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        missing_or_skip(f"Chromium is missing at {CHROMIUM} (Debian package chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="sv-SE", base_url=site_on_production_settings.url)
        context.set_default_timeout(20_000)
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        console: list[str] = []
        page.on(
            "console",
            lambda message: (
                console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.console_messages_about_csp = console
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # Code inside Playwright's running loop got database connections of its own.
            connections.close_all()


def password_user(django_user_model, username: str, **fields):
    user = django_user_model.objects.create(username=username, **fields)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, f"{username}salt", iterations=1000)
    user.save()
    return user


def log_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


def violations(page) -> list[str]:
    reported = page.evaluate("window.__cspViolations || []")
    return [*reported, *page.console_messages_about_csp]


def test_the_admin_works_under_the_policy(production_browser, django_user_model, site_tree):
    page = production_browser
    password_user(django_user_model, "lsadmin", is_superuser=True, is_staff=True)
    log_in(page, "lsadmin")

    page.goto("/admin/")
    page.locator("[data-wagtail-sidebar] nav, [data-wagtail-sidebar] .sidebar").first.wait_for()
    assert violations(page) == []

    page.goto(f"/admin/pages/{site_tree.process.pk}/edit/")
    page.locator(".Draftail-Editor").first.wait_for()
    page.locator("[data-streamfield-stream-container], .c-sf-container").first.wait_for()
    assert violations(page) == []

    # The live preview frames the page being edited (frame-ancestors, X-Frame-Options).
    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").first.wait_for()
    assert "Verkställa beslut om hemtjänst" in frame.locator("h1").first.inner_text()
    assert violations(page) == []

    # A chooser: the page chooser dialog (fetched and built by script).
    page.goto(f"/admin/pages/{site_tree.process.pk}/edit/")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.type("länk")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")  # Draftail's shortcut for a link
    page.get_by_role("dialog").first.wait_for()
    page.get_by_role("dialog").locator("a, button").first.wait_for()
    assert violations(page) == []

    page.goto("/admin/documents/")
    page.goto(f"/admin/pages/{site_tree.start.pk}/")
    page.locator("table, .listing").first.wait_for()
    assert violations(page) == []


def test_the_site_works_under_the_policy(production_browser, django_user_model, site_tree):
    page = production_browser
    password_user(django_user_model, "maja", first_name="Maja")
    log_in(page, "maja")
    assert violations(page) == []

    page.goto(site_tree.process.url)
    star = page.get_by_role("button", name="Lägg till bokmärke")
    star.click()
    page.get_by_role("button", name="Ta bort bokmärke").wait_for()

    for url in ("/", "/min-sida/", site_tree.riktlinjer.url, site_tree.area.url):
        page.goto(url)
        page.locator("main").wait_for()
    assert violations(page) == []
