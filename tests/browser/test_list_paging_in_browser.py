"""The lists that grow with content, paged in Chromium on the demo content: staff page through
the list of changes (*Ändringar i ledningssystemet*) and through a document's *Används i
processerna*, with plain links (``?sida=N``, no JavaScript needed), one item to a page here so
the demo's handful is enough. axe-core finds no violations; screenshots go to
var/test-artifacts/lists-*.png."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from intranet.ledning import visibility
from intranet.ledning.governance import selectors as governance_selectors
from intranet.ledning.models import GovernedDocument

from .conftest import axe_violations, demo_session, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_page_through_the_changes_and_a_documents_processes(
    chromium, live_server, axe_source, settings
):
    call_command("load_demo", stdout=io.StringIO())
    settings.LEDNING_LIST_PAGE_SIZE = 1
    staff = visibility.viewer(get_user_model().objects.get(username="medarbetare"))
    changes = [notice.change.title for notice in governance_selectors.visible_notices(staff)[:2]]
    assert len(changes) == 2, "the demo should hold at least two approved changes"
    document = max(
        GovernedDocument.objects.filter(live=True),
        key=lambda candidate: candidate.listing_pages(staff).count(),
    )
    processes = [page.title for page in document.listing_pages(staff)]
    assert len(processes) >= 2, "some demo document should be listed on two processes"

    context, page = demo_session(chromium, live_server, "medarbetare")
    found: dict[str, list[str]] = {}
    try:
        page.goto("/ledningssystem/andringar/")
        pages = page.get_by_role("navigation", name="Sidor med ändringar")
        titles = page.locator(".notice-list h2")
        expect(titles).to_have_text(changes[:1])
        expect(page.locator(".listing-status")).to_contain_text("Visar 1–1 av")
        expect(pages.locator('a[aria-current="page"]')).to_have_text("1")
        found["changes, first page"] = axe_violations(page, axe_source)
        screenshot(page, "lists-1-changes")

        pages.get_by_role("link", name="Nästa").click()
        expect(page).to_have_url(re.compile(r"sida=2"))
        expect(titles).to_have_text(changes[1:2])
        expect(pages.locator('a[aria-current="page"]')).to_have_text("2")
        found["changes, second page"] = axe_violations(page, axe_source)
        screenshot(page, "lists-2-changes-page-2")

        page.goto(document.get_absolute_url())
        section = page.locator("#processer")
        listed = section.locator("ul.link-list a")
        expect(listed).to_have_text(processes[:1])
        expect(section.locator(".listing-status")).to_have_text(
            f"Visar 1–1 av {len(processes)} processer"
        )
        section.get_by_role("navigation", name="Sidor med processer").get_by_role(
            "link", name="Nästa"
        ).click()
        expect(page).to_have_url(re.compile(r"sida=2#processer"))
        expect(listed).to_have_text(processes[1:2])
        found["a document's processes, second page"] = axe_violations(page, axe_source)
        screenshot(page, "lists-3-document-processes")

        listed.first.click()
        expect(page.locator("h1")).to_have_text(processes[1])
    finally:
        context.close()
    assert not any(found.values()), found
