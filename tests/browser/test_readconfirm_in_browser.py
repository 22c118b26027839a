"""Läskvittens in a real browser, on the demo content (``load_demo``):

1. ``chef`` approves a change of substance to "Rutin Nyckelhantering av hemtjänsten" (written
   and reviewed by ``redaktor`` in the admin) and asks *Hemtjänst område 2* for a läskvittens
   in the approval's form;
2. ``medarbetare`` (in that workplace) sees it under *Att läsa och bekräfta* on HEM, opens it
   and presses *Jag har läst och förstått*;
3. the follow-up shows 1 of N;
4. a second change of substance opens a new request; 5. an administrative change does not.

axe-core finds no violations on the pages visited; screenshots go to var/test-artifacts/
(readconfirm-*.png).
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import expect

from intranet.ledning.models import GovernedDocument, ReadConfirmation, ReadRequest
from intranet.ledning.readconfirm import selectors
from tests.browser.conftest import axe_violations, demo_session, screenshot
from tests.governance.demo_site import edit_document, workflow_action
from tests.governance.realparts import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Rutin Nyckelhantering av hemtjänsten"
WORKPLACE = "Hemtjänst område 2"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return GovernedDocument.objects.get(title=TITLE)


def shot(page, name: str) -> None:
    screenshot(page, f"readconfirm-{name}")


def submit_and_review(document, kind: str, note: str, summary: str) -> None:
    """The editor's part, in the admin's forms (the governance browser test walks it in the
    browser): the change with its statement, submitted and reviewed (redaktor is an
    LS-administrator), or published at once when administrative."""
    editor = get_user_model().objects.get(username="redaktor")
    client = Client()
    client.force_login(editor)
    action = "publish" if kind == "administrativ" else "submit"
    response = edit_document(
        client, document, action, change_kind=kind, change_note=note, summary=summary
    )
    assert response.status_code == 302, response.content[:2000]
    if kind != "administrativ":
        assert workflow_action(client, document).status_code == 302  # Granskning


def approve_with_read_request(chromium, live_server, document, name: str) -> None:
    context, page = demo_session(chromium, live_server, "chef")
    page.goto(document.get_admin_edit_url())
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name=re.compile("läskvittens")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Begär läskvittens").check()
    dialog.get_by_label(WORKPLACE, exact=True).check()
    shot(page, f"{name}-chef-approval-form")
    before = ReadRequest.objects.filter(document_id=document.pk).count()

    def opened() -> bool:
        try:
            return ReadRequest.objects.filter(document_id=document.pk).count() > before
        except OperationalError:  # SQLite's shared cache: the server's approval holds the table
            return False

    dialog.get_by_role("button", name=re.compile("läskvittens")).click()
    try:
        wait_for(
            opened,
            300,
            interval=0.5,
            what="the approval with a läskvittens",
        )
    finally:
        shot(page, f"{name}-chef-approved")
    context.close()


def test_chef_asks_staff_confirm_and_the_follow_up_counts(chromium, live_server, demo, axe_source):
    found: dict[str, list[str]] = {}
    expect.set_options(timeout=60_000)  # a machine shared with other test runs is slow

    # 1. A change of substance, approved by chef with a läskvittens for område 2.
    submit_and_review(demo, "vikt", "Nycklar kvitteras digitalt.", "Nycklar kvitteras i appen.")
    approve_with_read_request(chromium, live_server, demo, "1")
    document = GovernedDocument.objects.get(pk=demo.pk)
    first = ReadRequest.objects.get(document=document, status="oppen")
    assert first.revision_id == document.live_revision_id

    # 2. medarbetare sees it on HEM, opens it and confirms.
    context, page = demo_session(chromium, live_server, "medarbetare")
    page.goto("/")
    to_read = page.locator("[data-read-confirmations]")
    expect(to_read).to_contain_text("Att läsa och bekräfta")
    expect(to_read.get_by_role("link", name=TITLE)).to_be_visible()
    shot(page, "2-medarbetare-hem")
    found["HEM"] = axe_violations(page, axe_source)
    to_read.get_by_role("link", name=TITLE).click()
    button = page.get_by_role("button", name="Jag har läst och förstått")
    expect(button).to_be_visible()
    shot(page, "3-medarbetare-document")
    found["document page"] = axe_violations(page, axe_source)
    button.click()
    expect(page.locator("[data-read-confirmed]")).to_contain_text("Du bekräftade")
    shot(page, "4-medarbetare-confirmed")
    found["document page, confirmed"] = axe_violations(page, axe_source)
    page.goto("/min-sida/")
    # The demo has a request of its own (a process page) for område 2: this one has gone.
    expect(page.locator("[data-read-confirmations]")).not_to_contain_text(TITLE)
    context.close()
    confirmation = ReadConfirmation.objects.get(request=first)
    assert confirmation.user.username == "medarbetare"
    assert confirmation.revision_id == document.live_revision_id

    # 3. The follow-up shows 1 of N (N: the staff of område 2).
    context, page = demo_session(chromium, live_server, "chef")
    page.goto("/admin/ledningssystem/laskvittens/")
    expect(page.locator("[data-read-requests]")).to_contain_text(TITLE)
    shot(page, "5-chef-open-requests")
    page.get_by_role("link", name=TITLE).first.click()
    total = page.locator("[data-total]")
    expect(total).to_have_text(re.compile(r"^1 av \d+ \(\d+ %\)$"))
    expect(page.locator("[data-follow-up]")).to_contain_text(WORKPLACE)
    shot(page, "6-chef-follow-up")
    found["follow-up"] = axe_violations(page, axe_source)
    context.close()
    assert selectors.follow_up(first).total.figure.startswith("1 av ")

    # 4. A second change of substance opens a new request (the first is superseded).
    submit_and_review(demo, "vikt", "Nyckelskåp med kod.", "Nycklar förvaras i kodskåp.")
    approve_with_read_request(chromium, live_server, demo, "7")
    first.refresh_from_db()
    assert first.status == "ersatt"
    second = ReadRequest.objects.get(document=demo, status="oppen")
    context, page = demo_session(chromium, live_server, "medarbetare")
    page.goto("/")
    expect(page.locator("[data-read-confirmations]")).to_contain_text(TITLE)
    shot(page, "8-medarbetare-hem-again")
    context.close()

    # 5. An administrative change asks nothing again and resets nothing.
    submit_and_review(demo, "administrativ", "Stavfel.", "Nycklar förvaras i kodskåpet.")
    assert list(ReadRequest.objects.filter(document=demo, status="oppen")) == [second]
    assert ReadRequest.objects.filter(document=demo).count() == 2

    assert found == {name: [] for name in found}, found
