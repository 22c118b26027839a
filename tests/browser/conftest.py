"""Browser tests: headless Chromium (Debian's package) driven by Playwright's sync API against
pytest-django's live server, with axe-core injected for the accessibility checks.

Under CI (CI=true) a missing browser or axe-core fails the run with a message saying how to
install them (tests/browser/setup.sh); elsewhere those tests are skipped with that reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API keeps an asyncio loop in the test thread; the test's own ORM calls
# (building pages, users and news) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from intranet.portal.demo.users import USERS as DEMO_USERS

from ..conftest import PASSWORD
from ..staff.conftest import make_news, news_index, org, tools  # noqa: F401

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "var" / "test-artifacts"
CHROMIUM = Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_or_skip(reason: str) -> None:
    message = f"{reason} Run tests/browser/setup.sh to install it."
    if in_ci():
        pytest.fail(f"Browser tests must run under CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def chromium(transactional_db, live_server) -> Iterator:
    """A headless Chromium for one test.

    Playwright's sync API runs an asyncio loop while it is open, and Django gives code inside
    a running loop database connections of its own. So the browser starts after the test's
    database is set up (and restored: serialized_rollback), and stops before it is flushed,
    closing the connections the test opened meanwhile."""
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
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing_or_skip(f"axe-core is missing at {AXE} (npm ci --prefix tests/browser).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser tab (its own cookies) with Swedish as the browser's language."""
    context = chromium.new_context(locale="sv-SE", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(chromium, live_server):
    context = chromium.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


# The demo's users and passwords (`make demo`), as the demo loader creates them.
DEMO_PASSWORDS = {user.username: user.password for user in DEMO_USERS}


def demo_session(chromium, live_server, username: str):
    """A browser context of its own (Swedish, desktop width) logged in as a demo user."""
    context = chromium.new_context(
        locale="sv-SE", base_url=live_server.url, viewport={"width": 1280, "height": 1000}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, username, DEMO_PASSWORDS[username])
    return context, page


def screenshot(page, name: str) -> None:
    """A full-page screenshot under var/test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {passes: r.passes.length, violations: r.violations}; }"
    )
    assert result["passes"] > 10, "axe-core did not check the page"
    violations = result["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]
