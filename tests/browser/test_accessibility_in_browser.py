"""Accessibility of every page type staff use, in a real browser, on the demo content
(``load_demo``), at desktop width and at 320 CSS px (WCAG 1.4.10 Reflow: 400 % zoom of a
1280 px window):

- axe-core with the WCAG 2.0/2.1/2.2 A and AA rules finds no violation;
- at 320 px nothing scrolls sideways;
- what axe cannot check: tabbing through the page, no focused element is covered by the site
  header if it stays on screen (2.4.11 Focus Not Obscured) or by anything else; the bookmark
  star and the Genvägar menu button are at least 24 × 24 px (2.5.8 Target Size);
- the accessibility statement's feedback form works with the keyboard's flow: an empty
  message is refused in Swedish, a real one is thanked for.

Screenshots of every page at both widths go to var/test-artifacts/a11y-*.png.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from intranet.ledning.models import AreaPage, DocumentIndexPage, GovernedDocument, ProcessPage
from intranet.portal.models import AccessibilityFeedback, AccessibilityStatementPage
from intranet.staff.models import NewsPage
from tests.browser.conftest import DEMO_PASSWORDS, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}
MAX_TABS = 80

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {passes: result.passes.length, violations: result.violations.map(v =>
    `${v.id} (${v.impact}): ${v.help} – `
    + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join('; '))};
}"""

# Where the focused element is, and whether the site header (when it stays on screen) or
# anything else covers it.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const header = document.querySelector('header.site-header');
  const h = header.getBoundingClientRect();
  const position = getComputedStyle(header).position;
  const stays = position === 'sticky' || position === 'fixed';
  const overlaps = stays && !header.contains(el) && r.top < h.bottom && r.bottom > h.top
    && r.left < h.right && r.right > h.left;
  let covered = false;
  if (r.width > 0 && r.height > 0) {
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const labels = el.labels ? [...el.labels] : [];
    covered = !!hit && !(el.contains(hit) || hit.contains(el) || labels.some(l => l.contains(hit)));
    if (covered) covered = hit.outerHTML.slice(0, 120);
  }
  const name = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
  const key = [el.tagName, el.id || '', name.slice(0, 40), el.getAttribute('href')].join('|');
  return {key,
          overlaps, covered, inViewport: r.bottom > 0 && r.top < innerHeight};
}"""


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def staff_pages() -> dict[str, str]:
    process = ProcessPage.objects.live().get(title="Verkställa beslut om hemtjänst")
    news = NewsPage.objects.live().order_by("-pk").first()
    return {
        "hem": "/",
        "area": AreaPage.objects.live().ancestor_of(process).get().url,
        "process": process.url,
        "document-index": DocumentIndexPage.objects.live().order_by("path").first().url,
        "document": GovernedDocument.objects.live().order_by("title").first().get_absolute_url(),
        "news-index": news.get_parent().url,
        "news": news.url,
        "min-sida": "/min-sida/",
        "search": "/sok/?q=hemtj%C3%A4nst",
        "statement": AccessibilityStatementPage.objects.live().get().url,
    }


def session(chromium, live_server, viewport):
    context = chromium.new_context(locale="sv-SE", base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, "medarbetare", DEMO_PASSWORDS["medarbetare"])
    return context, page


def shot(page, name: str) -> None:
    screenshot(page, f"a11y-{name}")


def wcag_violations(page, axe_source: str) -> list[str]:
    """axe-core's violations of the WCAG A and AA rules only (conftest's axe_violations runs
    every rule, best practices included)."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert result["passes"] > 10, "axe-core did not check the page"
    return result["violations"]


def focus_problems(page) -> list[str]:
    """Tab through the page from the top; every focused element must be on screen and
    uncovered."""
    problems = []
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    first = None
    for _number in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        if state["key"] == first:
            break  # round the page once
        first = first or state["key"]
        if state["overlaps"]:
            problems.append(f"{state['key']}: under the sticky header")
        if state["covered"]:
            problems.append(f"{state['key']}: covered by {state['covered']}")
        if not state["inViewport"]:
            problems.append(f"{state['key']}: focused off screen")
    return problems


def small_targets(page) -> list[str]:
    """The bookmark star and the Genvägar menu button, where the page has them."""
    problems = []
    for selector in (".bookmark-form .star", "summary.shortcuts-menu__toggle"):
        for target in page.locator(selector).all():
            if not target.is_visible():
                continue
            box = target.bounding_box()
            if box["width"] < 24 or box["height"] < 24:
                problems.append(f"{selector}: {box['width']:.0f} × {box['height']:.0f} px")
    return problems


def test_every_staff_page_type_at_desktop_width_and_at_320_px(
    chromium, live_server, demo, axe_source
):
    pages = staff_pages()
    problems: dict[str, list[str]] = {}
    checked_star = checked_menu = False
    for width, viewport in WIDTHS.items():
        context, page = session(chromium, live_server, viewport)
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, (name, url, response.status)
            where = f"{name} at {width}"
            found = wcag_violations(page, axe_source)
            if width == "320px":
                scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
                if scroll_width > 320:
                    found.append(f"scrolls sideways: {scroll_width} px wide")
            found += focus_problems(page)
            found += small_targets(page)
            checked_star |= page.locator(".bookmark-form .star").count() > 0
            checked_menu |= page.locator("summary.shortcuts-menu__toggle").count() > 0
            shot(page, f"{name}-{width}")
            if found:
                problems[where] = found
        context.close()
    assert checked_star and checked_menu, "the star and the menu button were on no page"
    assert problems == {}, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )


def test_the_statement_feedback_form(chromium, live_server, demo, axe_source):
    context, page = session(chromium, live_server, WIDTHS["320px"])
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", name="Tillgänglighetsredogörelse", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("delvis förenlig")
    page.get_by_role("button", name="Skicka synpunkten").click()
    message = page.get_by_label("Beskriv problemet")
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.feedback-form")).to_contain_text("Skriv vad som inte fungerar.")
    shot(page, "statement-form-error-320px")
    assert wcag_violations(page, axe_source) == []
    message.fill("Jag kan inte nå stjärnan med tangentbordet på processidorna.")
    page.get_by_role("button", name="Skicka synpunkten").click()
    expect(page.get_by_role("status")).to_contain_text("Tack! Din synpunkt är skickad")
    shot(page, "statement-form-thanks-320px")
    context.close()
    assert AccessibilityFeedback.objects.get().sent_by.username == "medarbetare"
