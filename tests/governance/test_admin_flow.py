"""The editor's side in the Wagtail admin: the change statement, the publish guard for changes of
substance, submission to the workflow, and the stamped fields being read-only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from intranet.ledning.models import ChangeLogEntry, GovernedDocument, Notice, ProcessPage
from tests.factories import ProcessPageFactory

from .conftest import publish_initial, staff_hooks

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def simple_page(site_tree) -> ProcessPage:
    page = ProcessPageFactory(
        parent=site_tree.area,
        title="Nyckelhantering",
        slug="nyckelhantering",
        page_owner="Enhetschef",
        approved_by="Chef Vård och omsorg",
        approved_on=D(2020, 2, 1),
        revised_on=D(2022, 3, 4),
    )
    return publish_initial(page)


def page_form(page: ProcessPage, **changes) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": rich_text("<p>Så hanteras nycklar till brukarnas hem.</p>"),
        "page_owner": page.page_owner,
        "process_kind": "",
        "process_owner": "",
        "process_lead": "",
        "reviewed_by": "Ledningsgrupp Vård och omsorg",
        "approved_on": "2020-02-01",
        "review_interval_months": "",
        "body": streamfield([]),
        "change_kind": "",
        "change_note": "",
    }
    data.update(changes)
    return nested_form_data(data)


def edit(client, page, action: str, **changes):
    data = page_form(page, **changes)
    data[f"action-{action}"] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_change_statement_is_required_on_published_content(client, governance, simple_page):
    client.force_login(governance.editor)
    response = edit(client, simple_page, "publish", title="Nyckelhantering i hemtjänsten")
    assert response.status_code == 200
    assert "change_kind" in response.context["form"].errors
    response = edit(client, simple_page, "publish", change_kind="vikt", change_note="")
    assert "change_note" in response.context["form"].errors
    html = client.get(reverse("wagtailadmin_pages:edit", args=[simple_page.pk])).content.decode()
    assert "Typ av ändring" in html and "Vad har ändrats" in html


def test_an_administrative_change_is_published_directly_without_a_revision_date(
    client, governance, simple_page
):
    client.force_login(governance.editor)
    response = edit(
        client,
        simple_page,
        "publish",
        title="Nyckelhantering (rättad)",
        change_kind="administrativ",
        change_note="Rättat stavfel",
        approved_by="Någon annan",  # read-only: ignored
    )
    assert response.status_code == 302, response.context["form"].errors
    page = ProcessPage.objects.get(pk=simple_page.pk)
    assert page.title == "Nyckelhantering (rättad)"
    assert page.revised_on == D(2022, 3, 4)
    assert page.approved_by == "Chef Vård och omsorg"
    entry = ChangeLogEntry.objects.get(revision=page.live_revision)
    assert (entry.kind, entry.note, entry.editor) == (
        "administrativ",
        "Rättat stavfel",
        governance.editor,
    )
    assert not Notice.objects.exists()


def test_a_change_of_substance_cannot_be_published_directly(client, governance, simple_page):
    for user in (governance.editor, governance.approver):
        client.force_login(user)
        response = edit(
            client,
            simple_page,
            "publish",
            title="Nyckelhantering med nytt arbetssätt",
            change_kind="vikt",
            change_note="Nycklar kvitteras digitalt.",
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[simple_page.pk])
        assert any("måste fastställas" in message for message in messages_of(response))
        page = ProcessPage.objects.get(pk=simple_page.pk)
        assert page.title == "Nyckelhantering"  # the live page is unchanged
        assert page.has_unpublished_changes  # the draft is kept


def test_submitting_and_approving_in_the_admin(client, governance, simple_page):
    client.force_login(governance.editor)
    response = edit(
        client,
        simple_page,
        "submit",
        title="Nyckelhantering med nytt arbetssätt",
        change_kind="vikt",
        change_note="Nycklar kvitteras digitalt.",
    )
    assert response.status_code == 302
    page = ProcessPage.objects.get(pk=simple_page.pk)
    assert page.current_workflow_task.name == "Granskning"

    def act(user, page):
        client.force_login(user)
        task_state = page.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
        )
        return client.post(url, {})

    with staff_hooks(recipients=lambda obj: []):
        assert act(governance.reviewer, page).status_code == 302
        page = ProcessPage.objects.get(pk=page.pk)
        assert page.current_workflow_task.name == "Fastställande"
        assert act(governance.approver, page).status_code == 302
    page = ProcessPage.objects.get(pk=page.pk)
    assert page.live and page.title == "Nyckelhantering med nytt arbetssätt"
    assert page.revised_on == timezone.localdate()
    assert page.approved_by == "Maria Andersson"
    assert Notice.objects.get().change.note == "Nycklar kvitteras digitalt."

    # The next edit starts with an empty statement, not the one just approved.
    client.force_login(governance.editor)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).context["form"]
    assert form.initial.get("change_kind") == "" and form.initial.get("change_note") == ""
    assert "approved_by" not in form.fields and "revised_on" not in form.fields


def document_form(document: GovernedDocument, **changes) -> dict:
    data = {
        "title": document.title,
        "document_type": document.document_type,
        "key": document.key,
        "summary": document.summary,
        "file": document.file_id or "",
        "url": document.url,
        "author": document.author,
        "owner": document.owner,
        "reviewed_by": document.reviewed_by,
        "approved_on": document.approved_on.isoformat() if document.approved_on else "",
        "review_interval_months": "",
        "tags": "",
        "change_kind": "",
        "change_note": "",
    }
    data.update(changes)
    return data


def test_a_document_change_of_substance_goes_through_the_workflow(
    client, governance, governed_document
):
    url = reverse("wagtailsnippets_ledning_governeddocument:edit", args=[governed_document.pk])
    client.force_login(governance.editor)
    data = document_form(
        governed_document,
        summary="Planen upprättas inom två veckor.",
        change_kind="vikt",
        change_note="Kortare tid för genomförandeplanen.",
    )
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302 and response["Location"] == url
    assert any("måste fastställas" in message for message in messages_of(response))
    assert GovernedDocument.objects.get(pk=governed_document.pk).summary == ""

    response = client.post(url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    document = GovernedDocument.objects.get(pk=governed_document.pk)
    assert document.current_workflow_task.name == "Granskning"
