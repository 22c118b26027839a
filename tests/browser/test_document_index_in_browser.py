"""A document index page in Chromium, on the demo content: staff page through *Blanketter,
mallar och checklistor* (two to a page here, so the demo's handful of documents needs paging),
open a letter of their own, see letters without documents shown but not linked, and narrow the
letter with the title filter, all through plain links and a GET form. axe-core finds no
violations; screenshots go to var/test-artifacts/docindex-*.png."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from intranet.ledning.collation import swedish_initial, swedish_sort_key
from intranet.ledning.models import DocumentIndexPage, GovernedDocument

from .conftest import axe_violations, demo_session, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shot(page, name: str) -> None:
    screenshot(page, f"docindex-{name}")


def test_staff_page_through_a_document_index_and_open_a_letter(
    chromium, live_server, axe_source, settings
):
    call_command("load_demo", stdout=io.StringIO())
    settings.LEDNING_DOCUMENT_INDEX_PAGE_SIZE = 2
    index = DocumentIndexPage.objects.get(slug="blanketter")
    titles = sorted(
        GovernedDocument.objects.filter(document_type="blankett", live=True).values_list(
            "title", flat=True
        ),
        key=swedish_sort_key,
    )
    assert len(titles) > 2
    letter = swedish_initial(titles[-1])
    in_letter = [title for title in titles if swedish_initial(title) == letter]
    context, page = demo_session(chromium, live_server, "medarbetare")
    found: dict[str, list[str]] = {}
    cards = page.locator("li.document-card h3")
    try:
        page.goto(index.url)
        status = page.locator(".listing-status")
        expect(status).to_have_text(f"Visar 1–2 av {len(titles)} dokument")
        expect(cards).to_have_text(titles[:2])
        letters = page.get_by_role("navigation", name="Bokstäver A–Ö")
        expect(letters.locator(".letters__empty").first).to_contain_text("A")
        expect(letters.get_by_role("link", name="Ö", exact=True)).to_have_count(0)
        found["first page"] = axe_violations(page, axe_source)
        shot(page, "1-first-page")

        page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Nästa").click()
        expect(page).to_have_url(re.compile(r"sida=2"))
        expect(status).to_contain_text(f"Visar 3–{min(4, len(titles))} av {len(titles)}")
        expect(cards).to_have_text(titles[2:4])
        found["second page"] = axe_violations(page, axe_source)
        shot(page, "2-second-page")

        letters.get_by_role("link", name=letter, exact=True).click()
        expect(page).to_have_url(re.compile(r"bokstav="))
        expect(page.locator("section.letter-group h2").first).to_have_text(letter)
        expect(cards).to_have_text(in_letter[:2])
        expect(letters.locator('a[aria-current="page"]')).to_have_text(letter)
        found["a letter"] = axe_violations(page, axe_source)
        shot(page, "3-letter")

        word = in_letter[0].split()[-1]
        page.get_by_label("Filtrera på titel").fill(word)
        page.get_by_role("button", name="Filtrera").click()
        expect(page).to_have_url(re.compile(r"q="))
        expect(cards.first).to_have_text(in_letter[0])
        expect(letters.locator('a[aria-current="page"]')).to_have_text(letter)
        found["the filter"] = axe_violations(page, axe_source)
        shot(page, "4-filter")
    finally:
        context.close()
    assert not any(found.values()), found
