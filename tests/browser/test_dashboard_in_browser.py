"""The governance dashboard and the review badge in a real browser, on the demo content
(``load_demo``): the LS-administrator (``redaktor``) sees the figures on the admin's start page
and opens the dashboard page with its chart and the overdue reviews (*Granskning*);
``medarbetare`` sees the one overdue review's calm badge on its process page. axe-core finds
no violations on these pages; screenshots go to var/test-artifacts/ (dashboard-*.png)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from intranet.ledning.models import ProcessPage
from tests.browser.conftest import axe_violations, demo_session, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shot(page, name: str) -> None:
    screenshot(page, f"dashboard-{name}")


def test_dashboard_and_badge_in_the_browser(chromium, live_server, axe_source):
    call_command("load_demo", stdout=io.StringIO())
    found = {}

    context, page = demo_session(chromium, live_server, "redaktor")
    page.goto(reverse("wagtailadmin_home"))
    panel = page.locator("#ledning-dashboard-section")
    expect(panel).to_contain_text("Ledningssystemet i siffror")
    expect(panel.locator("[data-figure=overdue] .ledning-figure__value")).to_have_text("1")
    shot(page, "home-panel")

    panel.get_by_role("link", name="Hela översikten").click()
    page.wait_for_url(f"**{reverse('ledning_dashboard:index')}")
    expect(page.get_by_role("heading", name="Ledningssystemet: översikt")).to_be_visible()
    expect(
        page.get_by_role("img", name="Andel sidor och dokument som granskats i tid")
    ).to_be_visible()
    expect(page.locator("table.ledning-chart__table tbody tr")).to_have_count(12)
    expect(page.locator("[data-figure=read_confirmations]")).to_contain_text("av")
    found["dashboard"] = axe_violations(page, axe_source)
    shot(page, "page")

    page.locator("[data-figure=overdue]").get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("Synpunkter och klagomål")
    # Granskning, paged and sorted by the stored due date: the overdue review first.
    first_row = page.locator("main table tbody tr").first
    expect(first_row).to_contain_text("Synpunkter och klagomål")
    expect(first_row).to_contain_text("försenad")
    found["review report"] = axe_violations(page, axe_source)
    shot(page, "review-report")
    context.close()

    context, page = demo_session(chromium, live_server, "medarbetare")
    page.goto(ProcessPage.objects.get(slug="synpunkter").url)
    badge = page.locator(".review-badge")
    expect(badge).to_contain_text("Granskning försenad")
    found["overdue process page"] = axe_violations(page, axe_source)
    shot(page, "overdue-badge")
    context.close()

    assert not any(found.values()), found
