"""The stamps of the header (Fastställd av, Fastställd datum, Reviderad datum) are written by the
approval workflow only; the import may bring historical values; nobody types them in the admin,
and no publication takes them from a posted form or a revision the approval did not write."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from intranet.ledning.models import GovernedDocument, ProcessPage
from tests.conftest import soup, text_of

from .demo_site import (
    APPROVED_ON,
    REVISED_ON,
    ROLE,
    approve_in_admin,
    edit_document,
    edit_page,
    live_state,
)

pytestmark = pytest.mark.django_db

FORGED = {"approved_by": "Socialchef", "approved_on": "2026-01-01", "revised_on": "2026-01-02"}


def stamps(obj) -> tuple:
    obj = type(obj).objects.get(pk=obj.pk)
    return (obj.approved_by, obj.approved_on, obj.revised_on)


def test_the_import_brings_historical_stamps(demo_site):
    assert stamps(demo_site.process) == (ROLE, APPROVED_ON, REVISED_ON)
    assert stamps(demo_site.document) == (ROLE, APPROVED_ON, REVISED_ON)


def test_stamps_cannot_be_set_by_posting_the_page_form(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    response = edit_page(
        client,
        demo_site.process,
        "publish",
        title="Verkställa beslut om hemtjänsten",
        change_kind="administrativ",
        change_note="Stavning",
        **FORGED,
    )
    assert response.status_code == 302
    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    assert page.title == "Verkställa beslut om hemtjänsten"  # the change itself is live
    assert stamps(page) == (ROLE, APPROVED_ON, REVISED_ON)
    assert page.live_revision.content["approved_on"] == APPROVED_ON.isoformat()


def test_stamps_cannot_be_set_by_posting_the_document_form(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    response = edit_document(
        client,
        demo_site.document,
        "publish",
        summary="Planen upprättas tillsammans med brukaren.",
        change_kind="administrativ",
        change_note="Förtydligat",
        **FORGED,
    )
    assert response.status_code == 302
    document = GovernedDocument.objects.get(pk=demo_site.document.pk)
    assert document.summary == "Planen upprättas tillsammans med brukaren."
    assert stamps(document) == (ROLE, APPROVED_ON, REVISED_ON)


def test_a_revision_written_by_code_does_not_carry_stamps_live(client, demo_site):
    """A draft saved through the model (as a custom view or script would) with other stamps,
    then published by bulk publish as an administrative change: the live stamps stay."""
    page = ProcessPage.objects.get(pk=demo_site.process.pk)
    page.title = "Verkställa beslut om hemtjänst (rättad)"
    page.change_kind = "administrativ"
    page.approved_by = "Någon annan"
    page.revised_on = timezone.localdate()
    page.save_revision(user=demo_site.users["redaktor"])
    client.force_login(demo_site.users["redaktor"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(f"{url}?id={page.pk}", {})
    assert response.status_code == 302
    assert live_state(page)["title"] == "Verkställa beslut om hemtjänst (rättad)"
    assert stamps(page) == (ROLE, APPROVED_ON, REVISED_ON)


def test_the_approval_writes_the_stamps(client, demo_site):
    client.force_login(demo_site.users["redaktor"])
    edit_page(
        client,
        demo_site.process,
        "submit",
        intro=rich_text("<p>Hemtjänsten planeras tillsammans med brukaren.</p>"),
        change_kind="vikt",
        change_note="Planering tillsammans med brukaren.",
        **FORGED,
    )
    page = approve_in_admin(client, demo_site, demo_site.process)
    assert stamps(page) == (ROLE, APPROVED_ON, timezone.localdate())


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("wagtailsnippets_ledning_governeddocument:add", []),
        ("wagtailadmin_pages:add", ["ledning", "processpage", "area"]),
    ],
)
def test_the_forms_show_stamps_read_only_and_empty_as_a_dash(client, demo_site, url_name, args):
    args = [demo_site.area.pk if arg == "area" else arg for arg in args]
    client.force_login(demo_site.users["redaktor"])
    html = soup(client.get(reverse(url_name, args=args)))
    for name in FORGED:
        assert html.find(attrs={"name": name}) is None  # not a form field
    outputs = [text_of(output) for output in html.select(".w-field__textoutput")]
    assert outputs.count("–") >= 3
    assert "None" not in outputs
