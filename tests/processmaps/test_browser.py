"""One map in headless Chromium: it is drawn, zooms and pans with keys and pointer, a step opens
its link, axe-core finds no violation, and it prints on A4 landscape. A screenshot and the PDF
go to var/test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intranet.ledning.models import ProcessMapLink

from ..browser.conftest import (  # noqa: F401 - the browser tests' fixtures
    axe_source,
    axe_violations,
    browser_page,
    chromium,
    log_in,
)
from .test_snippet_and_pages import add_to_page, map_block

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


@pytest.fixture
def map_page_url(site_tree, make_map, staff_user):
    process_map = make_map(owner="Chef för område 2")
    ProcessMapLink.objects.create(
        process_map=process_map, node_label="Skicka uppdrag till utförare", page=site_tree.support
    )
    add_to_page(site_tree.process, map_block(process_map, large=True, block_id="karta"))
    return f"{site_tree.process.url}processkarta/karta/"


def scale(page) -> float:
    return float(page.locator("[data-pm-viewport]").get_attribute("data-scale"))


def test_map_in_chromium(browser_page, axe_source, map_page_url, site_tree):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "medarbetare")
    page.goto(map_page_url)
    viewport = page.locator("[data-pm-viewport]")
    svg = viewport.locator("svg")
    assert svg.locator(".pm-node").count() == 9
    assert page.get_by_role("toolbar").is_visible()
    # The lanes' headers and the steps' text are drawn where yEd put them.
    box = svg.locator(".pm-lane-title").first.bounding_box()
    assert box and box["height"] > box["width"]  # turned on its side

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "processkarta.png"), full_page=True)

    assert axe_violations(page, axe_source) == []

    # Keyboard: + zooms in around the centre, arrows pan, 0 shows the whole map again.
    viewport.focus()
    original = svg.get_attribute("viewBox")
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert scale(page) == pytest.approx(1.56, abs=0.01)
    zoomed = svg.get_attribute("viewBox")
    page.keyboard.press("ArrowRight")
    assert float(svg.get_attribute("viewBox").split()[0]) > float(zoomed.split()[0])
    page.keyboard.press("0")
    assert svg.get_attribute("viewBox") == original
    # The buttons do the same.
    page.get_by_role("button", name="Zooma in").click()
    assert scale(page) == pytest.approx(1.25)
    page.get_by_role("button", name="Visa hela kartan").click()
    assert scale(page) == pytest.approx(1.0)

    # A pointer drag pans (and does not open the step it ends on).
    page.keyboard.press("+")
    before = svg.get_attribute("viewBox")
    vb = viewport.bounding_box()
    page.mouse.move(vb["x"] + 200, vb["y"] + 200)
    page.mouse.down()
    page.mouse.move(vb["x"] + 120, vb["y"] + 150, steps=5)
    page.mouse.up()
    after = svg.get_attribute("viewBox")
    assert after != before
    assert page.url.endswith("/processkarta/karta/")

    # Print: A4 landscape.
    page.get_by_role("button", name="Visa hela kartan").click()
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(ARTIFACTS / "processkarta.pdf"), prefer_css_page_size=True)
    media_box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    width, height = float(media_box.group(1)), float(media_box.group(2))
    assert width > height and round(width) in {841, 842}
    page.emulate_media(media="screen")

    # A linked step opens its page.
    page.locator("a.pm-link[data-node='n0::n1']").click()
    page.wait_for_url(re.compile(re.escape(site_tree.support.url) + "$"))
