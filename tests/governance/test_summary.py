"""What changed: an editor adds, removes or replaces documents in a process page's lists in the
admin's edit form, the change is approved, and the change log and the e-mail to staff name the
documents. The content comes from the import (ledningssystem/1), the edits from the admin form."""

from __future__ import annotations

import pytest

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.models import ChangeLogEntry, GovernedDocument, ProcessPage

from .adminforms import chosen, documents_list, new_item, submit_in_admin
from .conftest import approve_all, ledning_mail, make_user, staff_hooks

pytestmark = pytest.mark.django_db

PAGE_PATH = "vard-och-omsorg/verkstalla-beslut-om-hemtjanst"
NOTE = "Ny rutin för nyckelhantering; genomförandeplanen har en ny version."


def document(key: str, title: str) -> dict:
    return {
        "key": key,
        "type": "rutin",
        "title": title,
        "url": f"https://dokument.kommun.example/{key}.pdf",
        "approved_on": "2015-05-28",
    }


IMPORT = {
    "format": "ledningssystem/1",
    "documents": [
        document("rutin-genomforandeplan", "Rutin Genomförandeplan"),
        document("rutin-genomforandeplan-2", "Rutin Genomförandeplan 2.0"),
        document("rutin-nyckelhantering", "Rutin Nyckelhantering av hemtjänsten"),
        document("rutin-bemanning", "Rutin Bemanning vid akuta behov"),
        document("rutin-riskbedomning", "Rutin Riskbedömning av arbetsmiljö i brukares hem"),
    ],
    "pages": [
        {"type": "start", "path": "", "slug": "ledningssystem", "title": "Ledningssystemet"},
        {"type": "area", "path": "vard-och-omsorg", "title": "Vård och Omsorg"},
        {
            "type": "process",
            "path": PAGE_PATH,
            "title": "Verkställa beslut om hemtjänst",
            "page_owner": "Chef för område 2 och område 3",
            "approved_on": "2015-05-28",
            "revised_on": "2017-11-30",
            "body": [
                {"type": "heading", "text": "Styrande dokument"},
                {
                    "type": "documents",
                    "heading": "Rutiner",
                    "document_type": "rutin",
                    "items": [
                        {"document": "rutin-genomforandeplan"},
                        {"document": "rutin-bemanning"},
                        {"document": "rutin-riskbedomning"},
                    ],
                },
            ],
        },
    ],
}


@pytest.fixture
def imported(home_page):
    import_ledningssystem(IMPORT)
    page = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    documents = {d.key: d for d in GovernedDocument.objects.all()}
    return page, documents


def approved_change(client, governance, page, change, staff):
    client.force_login(governance.editor)
    with staff_hooks(recipients=lambda obj: staff):
        submit_in_admin(client, page, change, change_note=NOTE)
        page = approve_all(page, governance)
    return ChangeLogEntry.objects.get(revision=page.live_revision)


def named(document: GovernedDocument) -> dict:
    return {"id": document.pk, "title": document.title}


def test_a_document_added_in_the_admin_is_named_in_the_log_and_the_email(
    client, governance, imported, django_user_model, django_capture_on_commit_callbacks
):
    page, documents = imported
    added = documents["rutin-nyckelhantering"]
    staff = [make_user(django_user_model, "hemtjanst")]

    def add(body):
        documents_list(body, "Rutiner").append(new_item(added))

    with django_capture_on_commit_callbacks(execute=True):
        entry = approved_change(client, governance, page, add, staff)

    assert entry.kind == "vikt"
    assert entry.summary["documents"] == {"added": [named(added)], "removed": [], "replaced": []}
    [message] = ledning_mail()
    assert message.to == ["hemtjanst@kommun.example"]
    assert "Dokument som har lagts till:\n  - Rutin Nyckelhantering av hemtjänsten" in message.body
    assert NOTE in message.body
    html, _mimetype = message.alternatives[0]
    assert "<li>Rutin Nyckelhantering av hemtjänsten</li>" in html
    # The page as staff read it lists the new document.
    assert added.title in client.get(page.url).content.decode()


def test_removed_and_replaced_documents_are_named(
    client, governance, imported, django_user_model, django_capture_on_commit_callbacks
):
    page, documents = imported
    old, new = documents["rutin-genomforandeplan"], documents["rutin-genomforandeplan-2"]
    removed = documents["rutin-bemanning"]
    staff = [make_user(django_user_model, "hemtjanst")]

    def replace_and_remove(body):
        items = documents_list(body, "Rutiner")
        items[0]["value"]["document"] = chosen(new)  # the editor chooses another document
        del items[1]  # and deletes the second item

    with django_capture_on_commit_callbacks(execute=True):
        entry = approved_change(client, governance, page, replace_and_remove, staff)

    assert entry.summary["documents"] == {
        "added": [],
        "removed": [named(removed)],
        "replaced": [{"old": named(old), "new": named(new)}],
    }
    [message] = ledning_mail()
    assert "Dokument som har tagits bort:\n  - Rutin Bemanning vid akuta behov" in message.body
    assert "Rutin Genomförandeplan har ersatts av Rutin Genomförandeplan 2.0" in message.body
