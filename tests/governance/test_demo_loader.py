"""Running ``load_demo`` again on a database that is in use creates what is missing and leaves
alone what editors changed: an approved change of substance stays live, with its stamps."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.governance.services.summary import listed_documents
from intranet.ledning.models import ChangeLogEntry, GovernedDocument, ProcessPage
from intranet.staff.models import NewsPage

from .adminforms import documents_list, new_item, submit_in_admin

pytestmark = pytest.mark.django_db

NOTE = "Ny rutin för nyckelhantering med digitala lås."


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def workflow_action(client, page) -> None:
    page = ProcessPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    assert client.post(url, {}).status_code == 302


def test_loading_the_demo_again_keeps_what_editors_changed(client):
    first = load_demo()
    assert "sidor: 38 nya" in first
    users = {user.username: user for user in get_user_model().objects.all()}
    page = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    listed = {d.pk for d in GovernedDocument.objects.all()} - {entry.pk for entry in _listed(page)}
    extra = GovernedDocument.objects.filter(pk__in=listed, document_type="rutin").first()
    assert extra is not None

    # redaktor adds a rutin as a change of substance; the LS-administrator (redaktor) reviews,
    # chef approves.
    client.force_login(users["redaktor"])
    submit_in_admin(
        client,
        page,
        lambda body: documents_list(body, "Rutiner").append(new_item(extra)),
        change_note=NOTE,
    )
    workflow_action(client, page)
    client.force_login(users["chef"])
    workflow_action(client, page)
    page = ProcessPage.objects.get(pk=page.pk)
    assert page.revised_on == timezone.localdate()
    assert extra in _listed(page)
    approved = {
        "live_revision": page.live_revision_id,
        "revised_on": page.revised_on,
        "approved_by": page.approved_by,
    }
    news = NewsPage.objects.count()

    # An editor also retitles a demo document (an administrative change).
    document = GovernedDocument.objects.exclude(pk=extra.pk).order_by("pk").first()
    document.title = f"{document.title} (rättad)"
    document.change_kind = "administrativ"
    document.change_note = "Stavfel"
    document.save_revision(user=users["redaktor"]).publish(user=users["redaktor"])
    entries = ChangeLogEntry.objects.count()

    second = load_demo()
    page = ProcessPage.objects.get(pk=page.pk)
    assert {
        "live_revision": page.live_revision_id,
        "revised_on": page.revised_on,
        "approved_by": page.approved_by,
    } == approved
    assert extra in _listed(page)
    assert GovernedDocument.objects.get(pk=document.pk).title.endswith("(rättad)")
    assert ChangeLogEntry.objects.count() == entries  # nothing was published again
    assert NewsPage.objects.count() == news
    assert "sidor: 0 nya" in second
    assert not re.search(r"[1-9]\d* ändrade", second)
    assert "Fanns redan och lämnas orörda: 38 sidor, 44 dokument och 8 arbetsplatser." in second
    # The retitled document, and Rutin Genomförandeplan: the demo itself has redaktor and chef
    # approve two changes of substance to it (its earlier versions, portal/demo/versions.py).
    assert "Av dem har 1 sida och 2 dokument ändrats av redaktörer." in second


def _listed(page) -> list[GovernedDocument]:
    """The documents the page's lists name (items and their children)."""
    ids = [entry.pk for entry in listed_documents(page)]
    return list(GovernedDocument.objects.filter(pk__in=ids))
