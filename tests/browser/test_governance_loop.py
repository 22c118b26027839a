"""The whole approval loop in a real browser, on the demo content (``load_demo``):

1. ``redaktor`` adds a rutin to "Verkställa beslut om hemtjänst" in the admin's editor, states a
   change of substance with a note and submits it to the workflow; as an LS-administrator they
   also do the first step (Granskning).
2. ``chef`` finds it on the dashboard and approves it (Fastställande).
3. ``medarbetare`` (hemtjänst område 2) sees the new rutin on the page, the footer with the
   approver's role and today's revision date, the news item on HEM, and an e-mail — sent over
   real SMTP to an aiosmtpd server on loopback — naming the added rutin and the editor's note.

axe-core finds no violations on the staff pages visited. Screenshots go to var/test-artifacts/.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from intranet.ledning.models import ChangeLogEntry, ProcessPage
from tests.governance.conftest import smtp_settings
from tests.governance.realparts import SMTPSink, wait_for

from .conftest import ARTIFACTS, axe_violations, demo_session, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROCESS = "Verkställa beslut om hemtjänst"
RUTIN = "Rutin Hantera värmebölja"
NOTE = "Ny rutin: arbete i brukares hem under värmebölja (dryck, svalka, tätare besök)."
ROLE = "Chef Vård och omsorg"


@pytest.fixture
def smtp(settings):
    with SMTPSink() as sink:
        smtp_settings(settings, sink)
        yield sink


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return ProcessPage.objects.get(title=PROCESS)


def shot(page, name: str) -> None:
    screenshot(page, f"governance-loop-{name}")


def open_actions(page) -> None:
    page.get_by_role("button", name="Fler åtgärder").click()


def add_rutin(page) -> None:
    """In the editor: add an item at the end of the "Rutiner" list and choose the rutin."""
    prefix = page.evaluate(
        """() => [...document.querySelectorAll('input[name$="-value-heading"]')]
            .find(input => input.value === 'Rutiner').name.replace(/-heading$/, '')"""
    )
    count = int(page.locator(f'input[name="{prefix}-items-count"]').input_value())
    last = page.locator(f"#{prefix}-items-{count - 1}-value-document")
    item = page.locator("[data-streamfield-child]").filter(has=last).last
    item.locator("xpath=following-sibling::button[@data-streamfield-list-add]").first.click()
    chooser = page.locator(f"#{prefix}-items-{count}-value-document-chooser")
    chooser.get_by_role("button", name="Välj styrande dokument").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox").first.fill("värmebölja")
    dialog.get_by_role("link", name=RUTIN).click()
    title = page.locator(f"#{prefix}-items-{count}-value-document-title")
    expect(title).to_have_text(RUTIN)
    title.scroll_into_view_if_needed()
    shot(page, "1-redaktor-rutin-added")


def test_an_approved_rutin_reaches_staff(chromium, live_server, demo, smtp, axe_source):
    today = timezone.localdate().isoformat()
    edit_path = f"/admin/pages/{demo.pk}/edit/"

    # 1. The editor adds the rutin as a change of substance and submits it.
    context, page = demo_session(chromium, live_server, "redaktor")
    page.goto(edit_path)
    add_rutin(page)
    page.get_by_label("Ändring av vikt").check()
    page.get_by_label("Vad har ändrats").fill(NOTE)
    shot(page, "1-redaktor-change-of-substance")
    open_actions(page)
    page.get_by_role("button", name="Lämna in till Granskning och fastställande").click()
    expect(page.locator(".messages")).to_contain_text("inlämnad")
    page.goto(edit_path)
    open_actions(page)
    page.get_by_role("button", name="Godkänn", exact=True).click()  # Granskning
    expect(page.locator(".messages")).to_contain_text(PROCESS)
    context.close()
    assert ProcessPage.objects.get(pk=demo.pk).revised_on != timezone.localdate()  # not yet

    # 2. The approving manager finds it on the dashboard and approves it.
    context, page = demo_session(chromium, live_server, "chef")
    page.goto("/admin/")
    waiting = page.locator("section, div").filter(
        has=page.get_by_role("heading", name="Inväntar din granskning")
    )
    expect(waiting.first).to_contain_text(PROCESS)
    shot(page, "2-chef-dashboard")
    page.goto(edit_path)
    open_actions(page)
    page.get_by_role("button", name="Godkänn och Publicera", exact=True).click()
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():  # several roles: choose one
        dialog.get_by_label(ROLE).check()
        dialog.get_by_role("button", name=re.compile("Godkänn")).click()
    expect(page.locator(".messages")).to_contain_text(PROCESS)
    context.close()

    entry = ChangeLogEntry.objects.get(revision=ProcessPage.objects.get(pk=demo.pk).live_revision)
    assert entry.kind == "vikt" and entry.note == NOTE
    assert [document["title"] for document in entry.summary["documents"]["added"]] == [RUTIN]

    # 3. The member of staff sees the rutin, the footer, the news item, and gets an e-mail.
    context, page = demo_session(chromium, live_server, "medarbetare")
    found = {}
    page.goto(demo.url)
    expect(page.get_by_role("link", name=RUTIN)).to_be_visible()
    footer = page.locator("footer.page-footer")
    expect(footer).to_contain_text(f"Fastställd av: {ROLE}")
    expect(footer).to_contain_text(f"Reviderad: {today}")
    shot(page, "3-medarbetare-process-page")
    found["process page"] = axe_violations(page, axe_source)

    page.goto("/")
    news = page.get_by_role("link", name=re.compile(f"Ändring av vikt: processsida {PROCESS}"))
    expect(news.first).to_be_visible()
    shot(page, "4-medarbetare-hem")
    found["start page (HEM)"] = axe_violations(page, axe_source)
    news.first.click()
    expect(page.locator("main")).to_contain_text(NOTE)
    expect(page.locator("main")).to_contain_text(RUTIN)
    shot(page, "5-medarbetare-news-item")
    found["news item"] = axe_violations(page, axe_source)
    context.close()

    messages = wait_for(
        lambda: smtp.by_recipient().get("sara.nilsson@kommun.example"), 10, what="the e-mail"
    )
    [message] = messages
    text = message.part("text/plain")
    subject = str(message.message["Subject"]).strip()  # a folded header starts with a space
    (ARTIFACTS / "governance-loop-6-email.txt").write_text(
        f"Subject: {subject}\n\n{text}", encoding="utf-8"
    )
    assert subject == f"Ändring av vikt: processsida {PROCESS}"
    assert NOTE in text
    assert f"Dokument som har lagts till:\n  - {RUTIN}" in text.replace("\r\n", "\n")
    assert f"Reviderad: {today}" in text
    assert f"Fastställd av: {ROLE}" in text  # the role, as in the footer

    problems = {name: violations for name, violations in found.items() if violations}
    assert problems == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(violations) for name, violations in problems.items()
    )
