"""The governance dashboard: report views render and export (CSV and XLSX)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from intranet.ledning.models import ChangeLogEntry
from tests.conftest import soup, text_of
from tests.factories import GovernedDocumentFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def admin_client(client, governance):
    client.force_login(governance.admin)
    return client


def test_reports_are_in_the_reports_menu(admin_client, site_tree):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("reviews", "ownerless", "orphans", "changes"):
        assert reverse(f"ledning_reports:{name}") in html


def test_review_report_lists_overdue_and_soon_due(admin_client, site_tree, settings):
    settings.LEDNING_REVIEW_REMINDER_DAYS = 30
    soon = datetime.date.today() - datetime.timedelta(days=365 - 10)
    GovernedDocumentFactory(title="Rutin snart dags", approved_on=soon)
    GovernedDocumentFactory(title="Rutin nyss fastställd", approved_on=datetime.date.today())
    response = admin_client.get(reverse("ledning_reports:reviews"))
    assert response.status_code == 200
    rows = {text_of(row.find("td")): text_of(row) for row in soup(response).select("tbody tr")}
    assert "Snart dags" in rows["Rutin snart dags"]
    assert "Försenad" in rows["Verkställa beslut om hemtjänst"]  # revised 2017
    assert "Rutin nyss fastställd" not in rows

    exported = csv_rows(admin_client.get(reverse("ledning_reports:reviews"), {"export": "csv"}))
    assert exported[0][:3] == ["Titel", "Typ", "Status"]
    assert {"Rutin snart dags", "Verkställa beslut om hemtjänst"} <= {r[0] for r in exported[1:]}
    kinds = {row[0]: row[1] for row in exported[1:]}
    assert kinds["Rutin snart dags"] == "Rutin"  # the factory's type, its Swedish label
    assert "Rutin" in rows["Rutin snart dags"].removeprefix("Rutin snart dags")
    workbook = xlsx_rows(admin_client.get(reverse("ledning_reports:reviews"), {"export": "xlsx"}))
    assert workbook[0][0] == "Titel" and len(workbook) == len(exported)


def test_ownerless_and_orphan_reports(admin_client, site_tree, django_user_model):
    owner = make_user(django_user_model, "agare")
    site_tree.complaints.page_owner_users.add(owner)
    site_tree.complaints.save()
    orphan = GovernedDocumentFactory(title="Rutin som ingen sida listar")

    html = soup(admin_client.get(reverse("ledning_reports:ownerless")))
    titles = [text_of(row.find("td")) for row in html.select("tbody tr")]
    assert "Verkställa beslut om hemtjänst" in titles
    assert "Hantera synpunkter och klagomål" not in titles

    html = soup(admin_client.get(reverse("ledning_reports:orphans")))
    titles = [text_of(row.find("td")) for row in html.select("tbody tr")]
    assert orphan.title in titles
    assert "Rutin Genomförandeplan" not in titles  # listed on the process page
    exported = csv_rows(admin_client.get(reverse("ledning_reports:orphans"), {"export": "csv"}))
    assert orphan.title in {row[1] for row in exported[1:]}


def test_change_log_report_filters_and_exports(admin_client, site_tree, governance):
    page = site_tree.process
    ChangeLogEntry.objects.create(
        page=page, title=page.title, kind="administrativ", note="Stavfel", editor=governance.editor
    )
    ChangeLogEntry.objects.create(
        page=page,
        title=page.title,
        kind="vikt",
        note="Nytt arbetssätt",
        editor=governance.editor,
        approver=governance.approver,
        approver_name="Maria Andersson",
        revised_on=datetime.date(2026, 1, 2),
    )
    url = reverse("ledning_reports:changes")
    rows = soup(admin_client.get(url)).select("tbody tr")
    assert len(rows) == 2
    rows = soup(admin_client.get(url, {"kind": "vikt"})).select("tbody tr")
    assert len(rows) == 1 and "Maria Andersson" in text_of(rows[0])
    exported = csv_rows(admin_client.get(url, {"export": "csv", "kind": "vikt"}))
    assert exported[0] == [
        "Publicerad",
        "Titel",
        "Typ",
        "Typ av ändring",
        "Vad har ändrats",
        "Ändrad av",
        "Fastställd av",
        "Fastställd som",
        "Reviderad",
    ]
    assert exported[1][3:5] == ["Ändring av vikt", "Nytt arbetssätt"]


def test_staff_cannot_open_the_reports(staff_client, site_tree):
    response = staff_client.get(reverse("ledning_reports:reviews"))
    assert response.status_code in (302, 403)
