"""The version in force and the ones before it (issue 15, item 7).

Data is built as people build it: the document is loaded as the import loads it, then editors
change it in the Wagtail admin's edit form and submit it to the workflow, and the reviewer and
the approving manager press the workflow's buttons. Nothing here writes versions directly."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from intranet.ledning.exchange import export_ledningssystem, import_ledningssystem
from intranet.ledning.linkcheck import extract
from intranet.ledning.linkcheck.addresses import classify
from intranet.ledning.linkcheck.internal import resolve_path
from intranet.ledning.models import DocumentVersion, GovernedDocument, StartPage
from intranet.portal.demo.versions import load_demo_versions
from tests.conftest import soup, text_of
from tests.factories import WagtailDocumentFactory

from .adminforms import read_edit_form
from .conftest import make_user

D = datetime.date
OLD_NOTE = "Genomförandeplanen upprättas inom två veckor."
NEW_NOTE = "Genomförandeplanen följs upp varje halvår."


# --- as people do it ---------------------------------------------------------------------------


def edit_url(document) -> str:
    return reverse("wagtailsnippets_ledning_governeddocument:edit", args=[document.pk])


def submit(client, editor, document, *, kind: str = "vikt", note: str = "", **fields) -> None:
    """The editor changes the document in the admin's form and submits it to the workflow (a
    change of substance), or publishes it directly (an administrative change)."""
    client.force_login(editor)
    form = read_edit_form(client.get(edit_url(document)).content.decode())
    data = form.data(GovernedDocument, change_kind=kind, change_note=note, **fields)
    action = "action-submit" if kind == "vikt" else "action-publish"
    data[action] = action
    response = client.post(edit_url(document), data)
    assert response.status_code == 302, response.content[:2000]


def press(client, user, document, action: str = "approve") -> None:
    """A workflow button (Granska, Fastställ) on the document's current task."""
    client.force_login(user)
    document = GovernedDocument.objects.get(pk=document.pk)
    task_state = document.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_ledning_governeddocument:workflow_action",
        args=[document.pk, action, task_state.pk],
    )
    response = client.post(url, {})
    assert response.status_code in (200, 302), response.status_code


def approve_change(client, governance, document, note: str, **fields) -> GovernedDocument:
    submit(client, governance.editor, document, note=note, **fields)
    press(client, governance.reviewer, document)
    press(client, governance.approver, document)
    document = GovernedDocument.objects.get(pk=document.pk)
    assert not document.has_unpublished_changes, "the approval did not publish the change"
    return document


def new_file(title: str):
    return WagtailDocumentFactory(title=title)


def download(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def reader(django_user_model):
    return make_user(django_user_model, "medarbetare")


@pytest.fixture
def document(governed_document):
    """Rutin Genomförandeplan as imported: approved 2015-05-28, with its first file."""
    return governed_document


# --- the approval path records versions ------------------------------------------------------


def test_an_approved_change_of_substance_keeps_the_version_before_it(
    client, governance, document, reader
):
    old_file = document.file
    replacement = new_file("Rutin Genomförandeplan 2026")
    document = approve_change(client, governance, document, NEW_NOTE, file=str(replacement.pk))
    today = timezone.localdate()

    versions = list(DocumentVersion.objects.filter(document=document).order_by("number"))
    assert [(v.number, v.file_id, v.in_force_from, v.in_force_to) for v in versions] == [
        (1, old_file.pk, D(2015, 5, 28), today),
        (2, replacement.pk, today, None),
    ]
    assert versions[1].change_note == NEW_NOTE
    assert versions[1].approved_on == today == document.revised_on

    client.force_login(reader)
    page = soup(client.get(document.get_absolute_url()))
    section = page.find(id="versioner")
    rows = section.find("tbody").find_all("tr")
    assert len(rows) == 1
    cells = [text_of(cell) for cell in rows[0].find_all(["th", "td"])]
    assert cells[0] == "Version 1"
    assert cells[2:4] == ["2015-05-28", today.isoformat()]
    assert "Ersatt" in cells[5]
    permanent = section.find(class_="versions__permanent").find("a")
    assert (
        text_of(permanent) == f"http://testserver/ledningssystem/styrdokument/{document.key}/fil/"
    )

    # The earlier version's own page says Ersatt in large letters and serves the old file.
    version_page = client.get(versions[0].get_absolute_url())
    assert version_page.status_code == 200
    banner = soup(version_page).find(class_="superseded-banner")
    assert text_of(banner.find(class_="superseded-banner__word")) == "Ersatt"
    old = client.get(versions[0].file_url)
    assert old.status_code == 200
    assert 'filename="ERSATT-' in old["Content-Disposition"]
    with old_file.file.open("rb") as handle:
        assert download(old) == handle.read()

    # The permanent address serves the version in force; the version in force's own address
    # leads to the document's page.
    current = client.get(reverse("ledning:document_file", kwargs={"key": document.key}))
    with replacement.file.open("rb") as handle:
        assert download(current) == handle.read()
    assert "ERSATT" not in current["Content-Disposition"]
    assert client.get(versions[1].get_absolute_url())["Location"] == document.get_absolute_url()


def test_an_administrative_change_makes_no_new_version(client, governance, document):
    document = approve_change(client, governance, document, NEW_NOTE)
    submit(
        client,
        governance.editor,
        document,
        kind="administrativ",
        note="Stavfel rättat.",
        summary="Rättat stavfel.",
    )
    document = GovernedDocument.objects.get(pk=document.pk)
    assert document.summary == "Rättat stavfel."
    assert DocumentVersion.objects.filter(document=document).count() == 2
    assert DocumentVersion.objects.get(document=document, in_force_to=None).number == 2


def test_two_approvals_give_two_earlier_versions_numbered_in_order(client, governance, document):
    document = approve_change(client, governance, document, OLD_NOTE)
    document = approve_change(client, governance, document, NEW_NOTE)
    versions = DocumentVersion.objects.filter(document=document).order_by("number")
    assert [(v.number, v.in_force, v.change_note) for v in versions] == [
        (1, False, ""),
        (2, False, OLD_NOTE),
        (3, True, NEW_NOTE),
    ]


def test_a_rejected_change_makes_no_version(client, governance, document):
    submit(client, governance.editor, document, note=NEW_NOTE, summary="Avvisas.")
    press(client, governance.reviewer, document, action="reject")
    assert not DocumentVersion.objects.filter(document=document).exists()


# --- which version applied on a day ----------------------------------------------------------


def test_the_date_picker_and_the_api_answer_which_version_applied(
    client, governance, document, reader
):
    document = approve_change(client, governance, document, NEW_NOTE)
    today = timezone.localdate()
    client.force_login(reader)
    url = document.get_absolute_url()

    def answer(day: str) -> str:
        return text_of(soup(client.get(url, {"datum": day})).find(id="versioner-svar"))

    assert answer("2025-03-01") == "Den 2025-03-01 gällde version 1. Version 1, gällde " + (
        f"2015-05-28 – {today.isoformat()}"
    )
    assert answer("2010-01-01") == "Ingen fastställd version av dokumentet gällde den 2010-01-01."
    assert answer(today.isoformat()).endswith("gällde samma version som gäller nu.")
    assert answer("1 mars") == "Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."

    api = reverse("ledning:document_versions_api", kwargs={"key": document.key})
    data = client.get(api, {"datum": "2025-03-01"}).json()
    assert data["applied"]["number"] == 1 and data["applied"]["in_force"] is False
    assert data["applied"]["in_force_from"] == "2015-05-28"
    assert data["applied"]["url"].endswith("/version/1/")
    assert [v["number"] for v in data["versions"]] == [2, 1]
    assert client.get(api, {"datum": "2010-01-01"}).json()["applied"] is None
    assert client.get(api, {"datum": today.isoformat()}).json()["applied"]["number"] == 2
    bad = client.get(api, {"datum": "igår"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM-DD" in bad.json()["error"]


def test_a_document_never_changed_since_import_answers_from_its_own_stamps(
    client, document, reader
):
    client.force_login(reader)
    api = reverse("ledning:document_versions_api", kwargs={"key": document.key})
    assert client.get(api, {"datum": "2014-01-01"}).json()["applied"] is None
    applied = client.get(api, {"datum": "2020-01-01"}).json()["applied"]
    assert applied["in_force"] is True and applied["number"] is None
    page = soup(client.get(document.get_absolute_url()))
    assert "Det finns inga tidigare fastställda versioner" in text_of(page.find(id="versioner"))


# --- visibility ------------------------------------------------------------------------------


def restrict_collection(client, superuser, name: str, group) -> Collection:
    """An administrator adds a collection and restricts it to a group, in the admin."""
    client.force_login(superuser)
    root = Collection.get_first_root_node()
    client.post(reverse("wagtailadmin_collections:add"), {"name": name, "parent": root.pk})
    collection = Collection.objects.get(name=name)
    client.post(
        reverse("wagtailadmin_collections:set_privacy", args=[collection.pk]),
        {"restriction_type": "groups", "groups": [group.pk], "password": ""},
    )
    assert CollectionViewRestriction.objects.filter(collection=collection).exists()
    return collection


def test_an_earlier_file_in_a_closed_collection_is_neither_listed_nor_served(
    client, governance, document, reader, django_user_model
):
    superuser = django_user_model.objects.create_superuser("admin", "admin@kommun.example", "x")
    closed = restrict_collection(client, superuser, "Ledningsgruppens filer", governance.admins)
    old_file = document.file
    client.post(
        reverse("wagtaildocs:edit", args=[old_file.pk]),
        {"title": old_file.title, "collection": closed.pk, "tags": ""},
    )
    assert get_document_model().objects.get(pk=old_file.pk).collection_id == closed.pk
    replacement = new_file("Rutin Genomförandeplan öppen")
    document = approve_change(client, governance, document, NEW_NOTE, file=str(replacement.pk))
    first = DocumentVersion.objects.get(document=document, number=1)

    client.force_login(reader)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(first.get_absolute_url()).status_code == 403
    assert client.get(first.file_url).status_code == 403
    page = soup(client.get(document.get_absolute_url()))
    assert page.find(id="versioner").find("tbody") is None
    api = reverse("ledning:document_versions_api", kwargs={"key": document.key})
    data = client.get(api, {"datum": "2016-01-01"}).json()
    assert [v["number"] for v in data["versions"]] == [2]
    assert data["applied"] == {
        "number": 1,
        "in_force": False,
        "in_force_from": "2015-05-28",
        "in_force_to": timezone.localdate().isoformat(),
        "restricted": True,
    }

    client.force_login(governance.admin)
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(first.file_url).status_code == 200


def test_a_restricted_document_refuses_every_version_address(
    client, governance, document, reader, django_user_model
):
    document = approve_change(client, governance, document, NEW_NOTE)
    superuser = django_user_model.objects.create_superuser("admin", "admin@kommun.example", "x")
    closed = restrict_collection(client, superuser, "Slutet", governance.admins)
    current_file = document.file
    client.post(
        reverse("wagtaildocs:edit", args=[current_file.pk]),
        {"title": current_file.title, "collection": closed.pk, "tags": ""},
    )
    client.force_login(reader)
    first = DocumentVersion.objects.get(document=document, number=1)
    for url in (
        document.get_absolute_url(),
        first.get_absolute_url(),
        first.file_url,
        reverse("ledning:document_file", kwargs={"key": document.key}),
        reverse("ledning:document_versions_api", kwargs={"key": document.key}),
    ):
        assert client.get(url).status_code == 403, url
    client.logout()
    login = client.get(first.get_absolute_url())
    assert login.status_code == 302 and "logga-in" in login["Location"]


# --- the export -------------------------------------------------------------------------------


def test_the_export_can_include_the_history(client, governance, document, tmp_path):
    with document.file.file.open("rb") as handle:
        old_bytes = handle.read()
    replacement = new_file("Rutin Genomförandeplan ny")
    document = approve_change(client, governance, document, NEW_NOTE, file=str(replacement.pk))
    plain = export_ledningssystem()
    assert all("history" not in entry for entry in plain["documents"])

    exported = export_ledningssystem(files_dir=tmp_path, include_history=True)
    entry = next(e for e in exported["documents"] if e["key"] == document.key)
    history = entry["history"]
    assert [(h["number"], h["in_force_from"], h["in_force_to"]) for h in history] == [
        (1, "2015-05-28", timezone.localdate().isoformat()),
    ]
    assert history[0]["file"] == f"files/{document.key}-version-1.pdf"
    assert (tmp_path / history[0]["file"]).read_bytes() == old_bytes

    target = tmp_path / "export.json"
    call_command("export_ledningssystem", str(target), "--historik")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert next(e for e in data["documents"] if e["key"] == document.key)["history"]


def test_an_export_with_history_moves_into_an_empty_system(client, governance, document, tmp_path):
    """What the approval workflow recorded comes back when the export is imported elsewhere:
    the earlier version with its dates, file and change note, and the version in force."""
    replacement = new_file("Rutin Genomförandeplan ny")
    document = approve_change(client, governance, document, NEW_NOTE, file=str(replacement.pk))
    recorded = [
        (v.number, v.in_force_from, v.in_force_to, v.change_note, v.in_force)
        for v in DocumentVersion.objects.filter(document=document).order_by("number")
    ]
    target = tmp_path / "export.json"
    call_command("export_ledningssystem", str(target), "--historik")
    exported = json.loads(target.read_text(encoding="utf-8"))
    StartPage.objects.all().delete()
    GovernedDocument.objects.all().delete()
    assert not DocumentVersion.objects.exists()

    # This site's pages also list a draft: the export leaves it out, and the list item with it.
    import_ledningssystem(exported, files_dir=tmp_path)

    moved = GovernedDocument.objects.get(key=document.key)
    assert [
        (v.number, v.in_force_from, v.in_force_to, v.change_note, v.in_force)
        for v in DocumentVersion.objects.filter(document=moved).order_by("number")
    ] == [(*row[:3], row[3] if not row[4] else "", row[4]) for row in recorded]
    assert export_ledningssystem(include_history=True) == exported


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_document_has_two_earlier_versions(client, demo_site):
    first = load_demo_versions()
    again = load_demo_versions()
    assert [v.number for v in first.created] == [1, 2, 3] and again.created == []
    document = GovernedDocument.objects.get(key="rutin-genomforandeplan")
    earlier = DocumentVersion.objects.filter(document=document).earlier().order_by("number")
    first_version, second_version = earlier
    assert (first_version.number, first_version.in_force_from) == (1, D(2017, 11, 30))
    assert second_version.change_note.startswith("Genomförandeplanen upprättas")
    assert document.approved_by == "Chef Vård och omsorg"

    client.force_login(demo_site.users["medarbetare"])
    page = soup(client.get(document.get_absolute_url()))
    rows = page.find(id="versioner").find("tbody").find_all("tr")
    assert [text_of(row.find("th")) for row in rows] == ["Version 2", "Version 1"]
    answer = soup(client.get(document.get_absolute_url(), {"datum": "2025-03-01"}))
    assert "gällde version 1" in text_of(answer.find(id="versioner-svar"))


def test_the_link_check_knows_which_version_addresses_exist(client, governance, document):
    """A link to an earlier version's page or file is that document while the version exists;
    a version number the document never had is a broken link."""
    approve_change(client, governance, document, "Nytt arbetssätt.")
    own = extract.own_hosts()
    base = f"http://testserver{document.get_absolute_url()}"
    for suffix in ("version/1/", "version/1/fil/"):
        target = resolve_path(classify(base + suffix, own_hosts=own))
        assert target.url == f"governeddocument:{document.pk}", suffix
    assert resolve_path(classify(base + "version/99/fil/", own_hosts=own)).problem
