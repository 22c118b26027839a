"""The version in force and the ones before it, in Chromium, on the demo content: staff open
*Rutin Genomförandeplan* (two earlier versions, approved through the workflow by the demo
loader), ask which version applied on 2025-03-01, open that version (marked *Ersatt* in large
letters) and download its file. axe-core finds no violations; screenshots go to
var/test-artifacts/."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from intranet.ledning.models import GovernedDocument

from .conftest import axe_violations, demo_session, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shot(page, name: str) -> None:
    screenshot(page, f"versions-{name}")


def test_staff_find_the_version_that_applied_on_a_day(chromium, live_server, axe_source):
    call_command("load_demo", stdout=io.StringIO())
    document = GovernedDocument.objects.get(key="rutin-genomforandeplan")
    context, page = demo_session(chromium, live_server, "medarbetare")
    found: dict[str, list[str]] = {}
    try:
        page.goto(document.get_absolute_url())
        expect(page.get_by_role("heading", name="Tidigare versioner")).to_be_visible()
        rows = page.locator("#versioner tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("Ersatt")
        found["document page"] = axe_violations(page, axe_source)
        shot(page, "1-document-page")

        page.get_by_label("Vilken version gällde den …?").fill("2025-03-01")
        page.get_by_role("button", name="Visa").click()
        answer = page.locator("#versioner-svar")
        expect(answer).to_contain_text("Den 2025-03-01 gällde version 1.")
        found["the answer"] = axe_violations(page, axe_source)
        shot(page, "2-which-version-applied")

        answer.get_by_role("link", name=re.compile("Version 1, gällde")).click()
        expect(page.locator(".superseded-banner__word")).to_have_text("Ersatt")
        found["the superseded version"] = axe_violations(page, axe_source)
        shot(page, "3-superseded-version")
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Ladda ner den ersatta versionen")).click()
        assert download.value.suggested_filename.startswith("ERSATT-")
    finally:
        context.close()
    assert not any(found.values()), found
