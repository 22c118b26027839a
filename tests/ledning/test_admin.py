"""Editors work in the Wagtail admin: governed documents as snippets, pages in the tree."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import (
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from intranet.ledning.governance.services.approval import act_on_workflow
from intranet.ledning.models import (
    ApprovalTask,
    ApproverRole,
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
)
from intranet.portal.models import HomePage

from ..conftest import RIKTLINJER, error_messages, soup, text_of
from ..factories import WagtailDocumentFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/ledning/governeddocument/"


def listed_titles(response) -> list[str]:
    table = soup(response).find("table", class_="listing")
    if table is None:
        return []
    return [text_of(row.find("a")) for row in table.find("tbody").find_all("tr") if row.find("a")]


@pytest.fixture
def approval(db, django_user_model):
    """The approval step (Fastställande) on every page and governed document, and the manager
    who approves (as "Chef Vård och omsorg")."""
    approvers = Group.objects.create(name="Fastställande chefer")
    approvers.permissions.add(
        Permission.objects.get(
            content_type__app_label="ledning", codename="publish_governeddocument"
        )
    )
    GroupPagePermission.objects.create(
        group=approvers, page=Page.get_first_root_node(), permission_type="publish"
    )
    task = ApprovalTask.objects.create(name="Fastställande")
    task.groups.set([approvers])
    workflow = Workflow.objects.create(name="Fastställande")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(GovernedDocument),
        defaults={"workflow": workflow},
    )
    chef = django_user_model.objects.create_user(username="chef", first_name="Maria")
    chef.groups.add(approvers)
    ApproverRole.objects.create(user=chef, title="Chef Vård och omsorg")
    return chef


def approved(obj, editor, approver):
    """Submit obj to its workflow as the editor and approve it as the manager."""
    obj.get_workflow().start(obj, editor)
    act_on_workflow(obj, approver)
    return type(obj).objects.get(pk=obj.pk)


# --- governed documents -----------------------------------------------------------------------


def test_editor_sees_the_document_list(editor_client, site_tree):
    response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    titles = listed_titles(response)
    assert "Rutin Genomförandeplan" in titles
    assert site_tree.draft.title in titles  # editors see drafts too
    assert titles == sorted(titles, key=str.lower)


def test_document_list_filters_by_type(editor_client, site_tree):
    response = editor_client.get(LIST_URL, {"document_type": "riktlinje"})
    assert sorted(listed_titles(response)) == sorted(RIKTLINJER)


def test_document_list_filters_by_tag(editor_client, site_tree, make_document):
    make_document("Rutin Läkemedel", tags=["Läkemedel"])
    response = editor_client.get(LIST_URL, {"tags": "läkemedel"})
    assert listed_titles(response) == ["Rutin Läkemedel"]


def test_document_list_search(editor_client, site_tree, make_document):
    response = editor_client.get(LIST_URL, {"q": "Nyckelhantering"})
    assert listed_titles(response) == ["Rutin Nyckelhantering av hemtjänsten"]
    make_document("Rutin Läkemedel", key="rutin-lakemedelshantering")
    response = editor_client.get(LIST_URL, {"q": "rutin-lakemedelshantering"})
    assert listed_titles(response) == ["Rutin Läkemedel"]


def test_document_list_exports_csv(editor_client, site_tree):
    response = editor_client.get(LIST_URL, {"export": "csv", "document_type": "riktlinje"})
    assert response.status_code == 200
    assert "styrande-dokument" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(row[next(iter(row))] for row in rows) != []
    titles = sorted(row[_column(rows[0], "titel")] for row in rows)
    assert titles == sorted(RIKTLINJER)
    first = rows[0]
    assert first[_column(first, "granskad av")] == "Ledningsgrupp Vård och omsorg"
    assert first[_column(first, "fastställd datum")] == "2015-05-28"


def _column(row: dict, wanted: str) -> str:
    for name in row:
        if name.strip().lower() == wanted:
            return name
    raise AssertionError(f"no column {wanted!r} in {list(row)}")


def test_document_list_exports_xlsx(editor_client, site_tree):
    response = editor_client.get(LIST_URL, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = [str(cell).lower() for cell in rows[0]]
    titles = {row[header.index("titel")] for row in rows[1:]}
    assert "Rutin Genomförandeplan" in titles
    assert len(rows) - 1 == GovernedDocument.objects.count()


def test_editor_creates_a_document_that_goes_live_when_approved(
    editor_client, editor_user, approval, site_tree, staff_client
):
    """A new governed document is a change of substance: "Publicera" keeps it a draft and says
    why; staff find it once an approving manager has approved it."""
    file = WagtailDocumentFactory(title="Rutin Hygien")
    add_url = reverse("wagtailsnippets_ledning_governeddocument:add")
    assert editor_client.get(add_url).status_code == 200
    response = editor_client.post(
        add_url,
        {
            "title": "Rutin Hygien",
            "document_type": "rutin",
            "key": "rutin-hygien",
            "summary": "Basala hygienrutiner.",
            "file": file.pk,
            "url": "",
            "author": "",
            "owner": "",
            "reviewed_by": "Ledningsgrupp Vård och omsorg",
            "tags": "hygien",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, soup(response).find(class_="help-critical")
    document = GovernedDocument.objects.get(key="rutin-hygien")
    assert not document.live
    assert list(document.tags.names()) == ["hygien"]
    assert "Rutin Hygien" not in soup(staff_client.get(site_tree.rutiner.url)).get_text()

    document = approved(document, editor_user, approval)
    assert document.live and document.approved_by == "Chef Vård och omsorg"
    # Staff now find it on the Rutiner page.
    page = soup(staff_client.get(site_tree.rutiner.url))
    assert "Rutin Hygien" in page.get_text()


def test_document_needs_a_file_or_an_address(editor_client, site_tree):
    response = editor_client.post(
        reverse("wagtailsnippets_ledning_governeddocument:add"),
        {"title": "Utan fil", "document_type": "rutin", "key": "utan-fil", "tags": ""},
    )
    assert response.status_code == 200
    assert "Välj en fil eller ange en extern adress för dokumentet." in response.content.decode()
    assert not GovernedDocument.objects.filter(key="utan-fil").exists()


def test_staff_cannot_reach_the_document_admin(staff_client, site_tree):
    response = staff_client.get(LIST_URL)
    assert response.status_code in (302, 403)


# --- pages ----------------------------------------------------------------------------------


def test_page_types_allow_the_tree_of_the_seed():
    assert StartPage in HomePage.allowed_subpage_models()
    assert set(StartPage.allowed_subpage_models()) == {AreaPage, ProcessPage, DocumentIndexPage}
    assert set(AreaPage.allowed_subpage_models()) == {AreaPage, ProcessPage, DocumentIndexPage}
    assert ProcessPage.allowed_subpage_models() == [ProcessPage]
    assert DocumentIndexPage.allowed_subpage_models() == []
    assert set(ProcessPage.allowed_parent_page_models()) == {StartPage, AreaPage, ProcessPage}
    assert set(DocumentIndexPage.allowed_parent_page_models()) == {StartPage, AreaPage}


def add_subpage_choices(client, parent) -> set[str]:
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:  # only one allowed type: straight to its form
        return {response["Location"].rstrip("/").split("/")[-2]}
    return {
        link["href"].rstrip("/").split("/")[-2]
        for link in soup(response).find_all("a", href=True)
        if "/admin/pages/add/ledning/" in link["href"]
    }


def test_add_subpage_offers_the_allowed_types(editor_client, site_tree):
    assert add_subpage_choices(editor_client, site_tree.start) == {
        "areapage",
        "processpage",
        "documentindexpage",
    }
    assert add_subpage_choices(editor_client, site_tree.process) == {"processpage"}


@pytest.mark.parametrize(
    ("model", "parent_name"),
    [
        (StartPage, "home"),
        (AreaPage, "start"),
        (ProcessPage, "area"),
        (DocumentIndexPage, "start"),
    ],
)
def test_add_form_renders(editor_client, site_tree, model, parent_name):
    parent = getattr(site_tree, parent_name)
    url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    response = editor_client.get(url)
    assert response.status_code == 200
    assert soup(response).find("form", attrs={"method": "POST"}) is not None


@pytest.mark.parametrize("name", ["start", "area", "process", "riktlinjer"])
def test_edit_form_renders(editor_client, site_tree, name):
    page = getattr(site_tree, name)
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_editor_creates_a_process_page(
    editor_client, editor_user, approval, staff_client, site_tree
):
    rutin = site_tree.documents["Rutin Genomförandeplan"]
    child = site_tree.documents["Material i insatspärm"]
    data = nested_form_data(
        {
            "title": "Förebyggande hembesök",
            "slug": "forebyggande-hembesok",
            "intro": rich_text("<p>Hembesök hos alla som fyller 80 år.</p>"),
            "page_owner": "Chef för förebyggande enheten",
            "process_kind": "karnprocess",
            "process_owner": "Verksamhetschef",
            "process_lead": "",
            "reviewed_by": "Ledningsgrupp Vård och omsorg",
            "body": streamfield(
                [
                    ("heading", "Rutiner"),
                    (
                        "documents",
                        {
                            "heading": "Rutiner",
                            "document_type": "rutin",
                            "items": list_block(
                                [
                                    {
                                        "document": rutin.pk,
                                        "children": list_block([child.pk]),
                                    }
                                ]
                            ),
                        },
                    ),
                ]
            ),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["ledning", "processpage", site_tree.area.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302, [
        text_of(e) for e in soup(response).select(".error-message")
    ]
    page = ProcessPage.objects.get(slug="forebyggande-hembesok")
    assert not page.live  # new content is approved before staff see it
    page = approved(page, editor_user, approval)
    assert page.live
    assert page.get_parent().pk == site_tree.area.pk

    html = soup(staff_client.get(page.url))
    assert text_of(html.find("h1")) == "Förebyggande hembesök"
    assert "Chef för förebyggande enheten är ansvariga för den här sidan." in html.get_text()
    rutiner = html.find("section", class_="document-list")
    assert [text_of(a) for a in rutiner.find_all("a")] == [rutin.title, child.title]


def test_admin_refuses_an_invalid_document_list(editor_client, site_tree):
    riktlinje = site_tree.documents[RIKTLINJER[0]]
    data = nested_form_data(
        {
            "title": "Fel typ",
            "slug": "fel-typ",
            "intro": rich_text(""),
            "body": streamfield(
                [
                    (
                        "documents",
                        {
                            "heading": "Rutiner",
                            "document_type": "rutin",
                            "items": list_block(
                                [{"document": riktlinje.pk, "children": list_block([])}]
                            ),
                        },
                    )
                ]
            ),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["ledning", "processpage", site_tree.area.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not Page.objects.filter(slug="fel-typ").exists()
    errors = [
        message
        for error in response.context["form"].errors["body"].as_data()
        for message in error_messages(error)
    ]
    assert errors == [f"”{riktlinje.title}” är inte av typen Rutin."]


def list_block(values) -> dict:
    """Form data of a ListBlock (the shape Wagtail's editor posts)."""
    data = {"count": len(values)}
    for index, value in enumerate(values):
        data[str(index)] = {"value": value, "deleted": "", "order": index, "id": ""}
    return data


def test_workplace_list_search(editor_client):
    from intranet.ledning.models import Workplace

    vo = Workplace.objects.create(key="vo", name="Vård och omsorg")
    Workplace.objects.create(key="hemtjanst-omr-2", name="Hemtjänst område 2", parent=vo)
    url = "/admin/snippets/ledning/workplace/"
    assert listed_titles(editor_client.get(url, {"q": "Hemtjänst"})) == ["Hemtjänst område 2"]
    assert listed_titles(editor_client.get(url, {"q": "hemtjanst-omr-2"})) == ["Hemtjänst område 2"]
