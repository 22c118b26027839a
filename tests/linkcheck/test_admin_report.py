"""The broken-link report in the Wagtail admin: grouped by page or owner, filters, a link to the
place of the link in the editor, "ignore this link", export."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.linkcheck import services
from intranet.ledning.models import Link
from tests.conftest import soup, text_of
from tests.ledning.test_list_paging import rows_read

REPORT = "/admin/ledningssystem/trasiga-lankar/"


@pytest.fixture(autouse=True)
def editors_have_the_report(editor_group):
    """Editors mend the links: as in the demo, they may open the report and ignore a link."""
    editor_group.permissions.add(
        *Permission.objects.filter(codename__in=["view_broken_links_report", "ignore_broken_links"])
    )


@pytest.fixture
def anna(django_user_model):
    return django_user_model.objects.create_user(
        "anna", email="anna@kommun.example", first_name="Anna", last_name="Ägare"
    )


@pytest.fixture
def checked(site_tree, web, anna):
    with content_import():  # as the import would publish it (test data, not an edit)
        site_tree.draft.live = True
        site_tree.draft.save()
    process = site_tree.process
    process.page_owner_users.add(anna)
    process.intro = (
        f'<p><a href="{web.url("/saknas")}">Blankett</a> <a href="{web.url("/hang")}">Långsam</a> '
        f'<a href="{web.url("/ok")}">Bra</a></p>'
    )
    process.save()
    complaints = site_tree.complaints
    complaints.intro = f'<p><a href="{web.url("/gone")}">Gammal</a></p>'
    complaints.save()
    services.run_full_check()
    return site_tree


def rows_of(response):
    return [text_of(row) for row in soup(response).select("table tbody tr")]


def test_report_lists_broken_links_by_page_with_a_link_to_their_place(checked, web, editor_client):
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 3  # 404, timeout, 410; the working link is not listed
    assert rows[0].startswith(checked.complaints.title)  # by page title, A–Ö
    assert any(web.url("/saknas") in row and "Anna Ägare" in row for row in rows)
    assert not any(web.url("/ok") in row for row in rows)
    edit = soup(response).find("a", href=lambda href: href and "/edit/" in href)
    path, anchor = edit["href"].split("#")
    assert anchor == "panel-child-innehall-intro-section"
    # That anchor exists in the page editor.
    assert soup(editor_client.get(path)).find(id=anchor) is not None


def test_report_grouped_by_owner_and_filtered(checked, web, editor_client):
    by_owner = rows_of(editor_client.get(REPORT, {"gruppera": "ansvarig"}))
    assert by_owner[0].startswith("Anna Ägare")
    timeouts = rows_of(editor_client.get(REPORT, {"verdict": "timeout"}))
    assert len(timeouts) == 1 and web.url("/hang") in timeouts[0]


def test_ignore_a_link_and_take_it_back(checked, web, editor_client):
    link = Link.objects.get(url=web.url("/gone"))
    response = editor_client.post(
        reverse("ledning_linkcheck:ignore", args=[link.pk]), {"ignore": "1", "next": REPORT}
    )
    assert response.status_code == 302 and response["Location"] == REPORT
    link.refresh_from_db()
    assert link.ignored and link.ignored_by.username == "redaktor"
    assert not any(web.url("/gone") in row for row in rows_of(editor_client.get(REPORT)))
    ignored = rows_of(editor_client.get(REPORT, {"visa": "ignorerade"}))
    assert len(ignored) == 1 and web.url("/gone") in ignored[0]

    editor_client.post(reverse("ledning_linkcheck:ignore", args=[link.pk]), {"ignore": "0"})
    link.refresh_from_db()
    assert not link.ignored
    # An address elsewhere is not followed after the action.
    response = editor_client.post(
        reverse("ledning_linkcheck:ignore", args=[link.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == REPORT


def test_export_as_csv(checked, web, editor_client):
    response = editor_client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    header = content.splitlines()[0]
    assert header.startswith("Ansvarig,Sida eller dokument,Plats,Länktext,Adress,Resultat")
    assert web.url("/saknas") in content
    assert "Sidan finns inte (HTTP 404)." in content
    xlsx = editor_client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_report_is_in_the_reports_menu_and_refused_to_staff(checked, editor_client, staff_client):
    dashboard = editor_client.get(reverse("wagtailadmin_home"))
    assert REPORT in dashboard.content.decode()
    assert staff_client.get(REPORT).status_code in (302, 403)


def test_grouped_by_owner_the_database_sorts_and_pages(site_tree, web, editor_client, anna):
    """122 broken links on Anna's page and 121 on a page without owner users (its owner is a
    role): the report by page and grouped by owner (and the dashboard's figure of broken links
    per owner) read no more rows than they show; Anna's come first, then the role's."""
    process, complaints = site_tree.process, site_tree.complaints
    process.page_owner_users.add(anna)
    process.intro = "".join(
        f'<p><a href="{web.url("/saknas")}">Ny {n:03d}</a></p>' for n in range(122)
    )
    process.save()
    complaints.intro = "".join(
        f'<p><a href="{web.url("/gone")}">Gl {n:03d}</a></p>' for n in range(121)
    )
    complaints.save()
    services.run_full_check()
    by_owner = REPORT + "?gruppera=ansvarig"

    assert rows_read(editor_client, REPORT) <= 150
    assert rows_read(editor_client, REPORT + "?p=3") <= 150
    assert rows_read(editor_client, by_owner) <= 150
    assert rows_read(editor_client, by_owner + "&p=3") <= 150
    assert rows_read(editor_client, reverse("wagtailadmin_home")) <= 150
    first, last = (
        rows_of(editor_client.get(by_owner)),
        rows_of(editor_client.get(by_owner + "&p=3")),
    )
    assert len(first) == 100 and all(row.startswith("Anna Ägare") for row in first)
    assert all(row.startswith("Kvalitetsstrateg") for row in last)
    export = editor_client.get(by_owner + "&export=csv")
    lines = b"".join(export.streaming_content).decode("utf-8").splitlines()[1:]
    assert len(lines) == 200 + len(last)
    owners = [line.split(",")[0] for line in lines]
    annas = owners.count("Anna Ägare")
    assert annas >= 122 and owners == ["Anna Ägare"] * annas + ["Kvalitetsstrateg"] * (
        len(owners) - annas
    )
    figure = soup(editor_client.get(reverse("wagtailadmin_home"))).select_one(
        "[data-figure=broken_links]"
    )
    assert figure is not None
    assert f"Anna Ägare: {annas}" in text_of(figure)
