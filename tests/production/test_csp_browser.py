"""The admin and the site work under the production Content-Security-Policy: Chromium drives
the site on the production settings (gunicorn) and no directive is violated.

JavaScript is what a policy breaks, so each step waits for something only JavaScript makes:
the admin's sidebar, the StreamField and Draftail editors, the preview panel's frame, the page
chooser dialog, the bookmark star's label."""

from __future__ import annotations

import os
from pathlib import Path

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


# --- the staff-facing site runs no inline script; user files run nothing (issue 13 item 4) ---

SVG_SIGNAL = "SVG-SCRIPT-RAN"
SVG_WITH_SCRIPT = f"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"
  onload="console.log('{SVG_SIGNAL} onload'); document.title = '{SVG_SIGNAL}'">
  <script>console.log("{SVG_SIGNAL}"); fetch("/svg-script-ran?" + document.cookie);</script>
  <rect width="200" height="100" fill="#3a7"/>
</svg>"""


def imported_site(media_root: str):
    """The sample management system of tests/exchange/test_exchange.py, with a yEd map on the
    process page, imported as users import it, its files where gunicorn reads them."""
    from django.test import override_settings

    from intranet.ledning.exchange import import_ledningssystem

    from ..exchange.test_exchange import MINIMAL_PDF, sample
    from ..processmaps.conftest import fixture_bytes

    files = Path(media_root).parent / "import"
    (files / "files").mkdir(parents=True)
    (files / "files" / "rutin-nyckelhantering.pdf").write_bytes(MINIMAL_PDF)
    (files / "files" / "material.pdf").write_bytes(MINIMAL_PDF.replace(b"1.4", b"1.5"))
    (files / "files" / "karta.graphml").write_bytes(fixture_bytes("hemtjanst.graphml"))
    data = sample()
    data["pages"][2]["body"][4] = {
        "type": "process_map",
        "title": "Process Verkställa beslut hemtjänst",
        "large": True,
        "graphml": "files/karta.graphml",
    }
    with override_settings(MEDIA_ROOT=media_root):
        import_ledningssystem(data, files_dir=files)


def stored_svg_files(media_root: str) -> list[str]:
    """URLs of an SVG with script stored as an image (original and renditions) and as a
    document, as an import before the import refused SVG stored it (the model API it used)."""
    from django.core.files.base import ContentFile
    from django.test import override_settings
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    with override_settings(MEDIA_ROOT=media_root):
        image = get_image_model()(title="Gammal karta", collection=Collection.get_first_root_node())
        image.file = ContentFile(SVG_WITH_SCRIPT.encode(), name="gammal-karta.svg")
        image._set_image_file_metadata()
        image.save()
        document = get_document_model()(
            title="Gammal karta", file=ContentFile(SVG_WITH_SCRIPT.encode(), name="gammal.svg")
        )
        document.save()
        return [
            image.file.url,
            image.get_rendition("original").url,
            image.get_rendition("width-100").url,
            document.url,
        ]


def open_and_embed(page, url: str) -> None:
    """Open the URL as a page of its own, then embed it in a staff page as a frame and as a
    picture: the three ways a browser may run an SVG's script."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.goto(url)
    except PlaywrightError as error:  # served as a download: there is no page
        assert "Download is starting" in str(error) or "ERR_ABORTED" in str(error), error
    page.goto("/min-sida/")
    page.evaluate(
        """url => {
          const frame = document.createElement("iframe");
          frame.src = url;
          const picture = document.createElement("img");
          picture.src = url;
          document.body.append(frame, picture);
        }""",
        url,
    )
    page.wait_for_timeout(500)


def test_an_svg_with_script_runs_nothing_wherever_it_is_served(
    production_browser, production_env_for_test, django_user_model
):
    page = production_browser
    signals: list[str] = []
    page.on(
        "console",
        lambda message: signals.append(message.text) if SVG_SIGNAL in message.text else None,
    )
    page.on(
        "request",
        lambda request: signals.append(request.url) if "svg-script-ran" in request.url else None,
    )

    # The signal is seen when the script runs (a page without the site's policy).
    page.set_content(f"<!DOCTYPE html><html><body>{SVG_WITH_SCRIPT}</body></html>")
    page.wait_for_timeout(200)
    assert any(SVG_SIGNAL in text for text in signals), "the test cannot see a script run"
    signals.clear()

    password_user(django_user_model, "maja", first_name="Maja")
    urls = stored_svg_files(production_env_for_test["MEDIA_ROOT"])
    log_in(page, "maja")
    for url in urls:
        open_and_embed(page, url)
        assert page.title() != SVG_SIGNAL
    assert signals == []


def test_staff_pages_run_no_inline_script_and_still_work(
    production_browser, production_env_for_test, django_user_model
):
    page = production_browser
    imported_site(production_env_for_test["MEDIA_ROOT"])
    password_user(django_user_model, "maja", first_name="Maja")
    password_user(django_user_model, "lsadmin", is_superuser=True, is_staff=True)
    from intranet.ledning.models import ProcessPage

    process = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")

    response = page.goto("/logga-in/")
    script_src = header_directive(response, "script-src")
    assert script_src == "'self'", script_src
    assert violations(page) == []

    for username in ("maja", "lsadmin"):  # the editor also gets Wagtail's user bar
        page.context.clear_cookies()
        log_in(page, username)
        for url in (
            "/",
            "/min-sida/",
            "/ledningssystem/",
            "/ledningssystem/vard-och-omsorg/",
            "/ledningssystem/vard-och-omsorg/rutiner/?tagg=hemtj%C3%A4nst",
            "/ledningssystem/styrdokument/rutin-nyckelhantering/",
            "/sok/?q=hemtj%C3%A4nst",
            "/finns-inte/",
        ):
            response = page.goto(url)
            page.locator("main").wait_for()
            assert header_directive(response, "script-src") == "'self'", url
            assert violations(page) == [], url

        # The scripts of the site still work: the star, the search box's suggestions and the
        # process map's toolbar.
        page.goto(process.url)
        page.locator("form[data-bookmark-form] button").first.click()
        # Only the script fills the star's status line (without it the form posts and reloads).
        page.wait_for_function(
            "() => document.querySelector('[data-star-status]').textContent.trim() !== ''"
        )
        page.locator("input[name=q]").first.fill("rutin")
        page.wait_for_function(
            "() => document.querySelectorAll('form.search-box datalist option').length > 0"
        )
        page.goto(page.locator("a[href*='processkarta/']").first.get_attribute("href"))
        page.locator("[data-pm-toolbar]").first.wait_for(state="visible")
        assert violations(page) == []
        if username == "lsadmin":
            page.locator("wagtail-userbar").wait_for(state="attached")

    # The admin keeps what it needs, on its own paths only.
    response = page.goto("/admin/")
    assert "'unsafe-inline'" in header_directive(response, "script-src")


def header_directive(response, name: str) -> str:
    policy = response.headers.get("content-security-policy", "")
    for directive in policy.split(";"):
        parts = directive.strip().split(None, 1)
        if parts and parts[0] == name:
            return parts[1] if len(parts) > 1 else ""
    return ""
