"""A small management system as users build it: content through the import (``ledningssystem/1``),
then the demo's groups, approval workflow and users (``load_demo_users``, as ``load_demo`` does),
and helpers that work the Wagtail admin the way its browser does."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.models import AreaPage, GovernedDocument, Notice, ProcessPage, StartPage
from intranet.portal.demo.users import USERS, load_demo_users

from .adminforms import read_edit_form

PROCESS_PATH = "vard-och-omsorg/verkstalla-beslut-om-hemtjanst"
PROCESS_TITLE = "Verkställa beslut om hemtjänst"
ROLE = "Chef Vård och omsorg"
APPROVED_ON = datetime.date(2015, 5, 28)
REVISED_ON = datetime.date(2017, 11, 30)

SYSTEM: dict[str, Any] = {
    "format": "ledningssystem/1",
    "workplaces": [{"key": "hemtjanst", "name": "Hemtjänst"}],
    "documents": [
        {
            "key": "rutin-genomforandeplan",
            "type": "rutin",
            "title": "Rutin Genomförandeplan",
            "url": "https://dokument.kommun.example/rutin-genomforandeplan.pdf",
            "reviewed_by": "Ledningsgrupp Vård och omsorg",
            "approved_by": ROLE,
            "approved_on": APPROVED_ON.isoformat(),
            "revised_on": REVISED_ON.isoformat(),
        },
        {
            "key": "rutin-nyckelhantering",
            "type": "rutin",
            "title": "Rutin Nyckelhantering",
            "url": "https://dokument.kommun.example/rutin-nyckelhantering.pdf",
        },
    ],
    "pages": [
        {
            "type": "start",
            "path": "",
            "slug": "ledningssystem",
            "title": "Socialförvaltningens ledningssystem",
            "intro": "<p>Ledningssystemet för socialförvaltningen.</p>",
        },
        {"type": "area", "path": "vard-och-omsorg", "title": "Vård och Omsorg"},
        {"type": "area", "path": "ifo", "title": "Individ- och familjeomsorg"},
        {
            "type": "process",
            "path": PROCESS_PATH,
            "title": PROCESS_TITLE,
            "intro": "<p>Hemtjänst ska underlätta boendet och det dagliga livet.</p>",
            "page_owner": "Chef för område 2 och område 3",
            "reviewed_by": "Ledningsgrupp Vård och omsorg",
            "approved_by": ROLE,
            "approved_on": APPROVED_ON.isoformat(),
            "revised_on": REVISED_ON.isoformat(),
            "workplaces": ["hemtjanst"],
            "body": [
                {
                    "type": "documents",
                    "heading": "Rutiner",
                    "document_type": "rutin",
                    "items": [{"document": "rutin-genomforandeplan"}],
                }
            ],
        },
    ],
}


@dataclass
class DemoSite:
    start: StartPage
    area: AreaPage
    other_area: AreaPage
    process: ProcessPage
    document: GovernedDocument
    users: dict[str, Any]

    def page(self) -> ProcessPage:
        return ProcessPage.objects.get(pk=self.process.pk)


@pytest.fixture
def demo_site(db, django_user_model) -> DemoSite:
    import_ledningssystem(SYSTEM)
    start = StartPage.objects.get(slug="ledningssystem")
    load_demo_users(start)
    usernames = [spec.username for spec in USERS]
    return DemoSite(
        start=start,
        area=AreaPage.objects.get(slug="vard-och-omsorg"),
        other_area=AreaPage.objects.get(slug="ifo"),
        process=ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst"),
        document=GovernedDocument.objects.get(key="rutin-genomforandeplan"),
        users={u.username: u for u in django_user_model.objects.filter(username__in=usernames)},
    )


# --- the admin, as its browser uses it ----------------------------------------------------------


def post_form(client, form_url: str, model: type, action: str | None = None, /, **fields: Any):
    """Open the admin form at ``form_url``, change fields as a person would and post it with
    the button ``action`` ("publish", "submit"; None saves a draft)."""
    form = read_edit_form(client.get(form_url).content.decode())
    data = form.data(model, **fields)
    if action is not None:
        data[f"action-{action}"] = action
    return client.post(form_url, data)


def edit_page(client, page, action: str | None = None, /, **fields: Any):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return post_form(client, url, ProcessPage, action, **fields)


def edit_document(client, document, action: str | None = None, /, **fields: Any):
    url = reverse("wagtailsnippets_ledning_governeddocument:edit", args=[document.pk])
    return post_form(client, url, GovernedDocument, action, **fields)


def workflow_action(client, obj, action: str = "approve", **data: Any):
    """Press a workflow button (Granska, Fastställ) on obj's current task, as the logged-in
    user."""
    obj = type(obj).objects.get(pk=obj.pk)
    task_state = obj.current_workflow_task_state
    if isinstance(obj, ProcessPage):
        name = "wagtailadmin_pages:workflow_action"
    else:
        name = "wagtailsnippets_ledning_governeddocument:workflow_action"
    url = reverse(name, args=[obj.pk, action, task_state.pk])
    return client.post(url, data)


def approve_in_admin(client, site: DemoSite, obj, **data: Any) -> Any:
    """Granskning by the LS-administrator (redaktor is one), then Fastställande by chef."""
    client.force_login(site.users["redaktor"])
    assert workflow_action(client, obj).status_code == 302
    client.force_login(site.users["chef"])
    response = workflow_action(client, obj, **data)
    assert response.status_code == 302
    return type(obj).objects.get(pk=obj.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def live_state(obj) -> dict[str, Any]:
    """What staff see of obj: whether and which revision is live, and its header."""
    obj = type(obj).objects.get(pk=obj.pk)
    return {
        "live": obj.live,
        "live_revision": obj.live_revision_id,
        "title": obj.title,
        "approved_by": obj.approved_by,
        "approved_on": obj.approved_on,
        "revised_on": obj.revised_on,
    }


def public_html(client, site: DemoSite, page) -> str:
    client.force_login(site.users["medarbetare"])
    page = type(page).objects.get(pk=page.pk)
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def assert_nothing_went_live(client, site: DemoSite, before: dict[str, Any], marker: str) -> None:
    assert live_state(site.process) == before
    assert not Notice.objects.exists()
    assert marker not in public_html(client, site, site.process)
