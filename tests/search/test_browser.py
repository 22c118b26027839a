"""Search in a real browser: suggestions while typing, the results page and its filters, and
axe-core finds no accessibility violations on it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from search import indexing

from ..browser.conftest import axe_source, axe_violations, browser_page, chromium, log_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_search_from_the_box_on_every_page(browser_page, axe_source, site_tree, staff_user):  # noqa: F811
    indexing.rebuild()
    page = browser_page
    log_in(page, "medarbetare")
    box = page.get_by_role("combobox", name="Sök på intranätet")
    box.press_sequentially("nyckelh", delay=30)
    expect(
        page.locator('#sok-forslag option[value="Rutin Nyckelhantering av hemtjänsten"]')
    ).to_have_count(1)

    box.fill("hemtjänsten")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sok/\?q=hemtj%C3%A4nsten$"))
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-result mark").first).to_be_visible()

    page.locator(".search__filters").get_by_role(
        "link", name=re.compile(r"^Rutin \(\d+\)$")
    ).click()
    expect(page).to_have_url(re.compile(r"typ=rutin"))
    kinds = page.locator(".search-result__kind").all_text_contents()
    assert kinds and set(kinds) == {"Rutin"}
    assert axe_violations(page, axe_source) == []
