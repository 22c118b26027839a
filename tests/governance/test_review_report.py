"""*Granskning* and the dashboard read the stored due date (``review_due_on``): the report lists
exactly the overdue and soon-due content after every way the date moves — an approval, an
interval changed in the admin, a review without change, an import, a change of the interval
settings — and the dashboard counts the same."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.governance.selectors import add_months
from intranet.ledning.governance.services import record_review_without_change
from intranet.ledning.governance.services.reviews import send_review_reminders
from intranet.ledning.models import GovernedDocument, ProcessPage
from tests.conftest import soup, text_of
from tests.factories import (
    GovernedDocumentFactory,
    ProcessPageFactory,
    StartPageFactory,
    documents_block,
)

from .adminforms import documents_list, new_item, read_edit_form, submit_in_admin
from .conftest import approve_all, publish_initial, staff_hooks, submit_change
from .test_versions import restrict_collection

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def admin_client(client, governance, settings):
    settings.LEDNING_REVIEW_INTERVAL_MONTHS = 12
    settings.LEDNING_REVIEW_INTERVALS = {"blankett": 24}
    settings.LEDNING_REVIEW_REMINDER_DAYS = 30
    client.force_login(governance.admin)
    return client


def report(client) -> dict[str, str]:
    """{title: status} of the rows of *Granskning* (one page: these tests list fewer than
    100), in their order."""
    html = soup(client.get(reverse("ledning_reports:reviews")))
    rows = {}
    for row in html.select("tbody tr"):
        cells = row.find_all("td")
        rows[text_of(cells[0])] = text_of(cells[2])
    return rows


def dashboard(client) -> dict[str, str]:
    """{figure key: value} of the dashboard's figures."""
    html = soup(client.get(reverse("ledning_dashboard:index")))
    return {
        figure["data-figure"]: text_of(figure.select_one(".ledning-figure__value"))
        for figure in html.select("[data-figure]")
    }


def old_page(home_page, title: str = "Hantera nycklar", **fields) -> ProcessPage:
    start = StartPageFactory(parent=home_page, slug="ls")
    fields.setdefault("approved_on", D(2019, 1, 1))
    return publish_initial(ProcessPageFactory(parent=start, title=title, **fields))


def test_an_approved_change_takes_the_page_off_the_report(
    admin_client, home_page, governance, django_capture_on_commit_callbacks
):
    page = old_page(home_page)
    assert report(admin_client)["Hantera nycklar"] == "Försenad"
    with staff_hooks(recipients=lambda obj: []), django_capture_on_commit_callbacks(execute=True):
        submit_change(page, governance.editor, note="Ny nyckelrutin")
        approve_all(page, governance)
    assert "Hantera nycklar" not in report(admin_client)
    page.refresh_from_db()
    assert page.review_due_on == add_months(timezone.localdate(), 12)


def admin_publish(client, url: str, **fields) -> None:
    """Open the admin's edit form, change fields as the editor types them, and publish (an
    administrative change goes live at once)."""
    form = read_edit_form(client.get(url).content.decode())
    model = ProcessPage if "pages" in url else GovernedDocument
    data = form.data(model, change_kind="administrativ", change_note="Intervallet ändrat", **fields)
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_interval_changed_in_the_admin_moves_the_due_date(admin_client, home_page):
    page = old_page(home_page, approved_on=timezone.localdate() - datetime.timedelta(days=400))
    document = publish_initial(
        GovernedDocumentFactory(
            title="Rutin som granskas vart tredje år",
            approved_on=timezone.localdate() - datetime.timedelta(days=400),
        )
    )
    assert set(report(admin_client)) >= {"Hantera nycklar", document.title}
    admin_publish(
        admin_client,
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        review_interval_months="36",
    )
    admin_publish(
        admin_client,
        reverse("wagtailsnippets_ledning_governeddocument:edit", args=[document.pk]),
        review_interval_months="36",
    )
    rows = report(admin_client)
    assert "Hantera nycklar" not in rows and document.title not in rows
    # … and back to the type's interval (12 months): overdue again.
    admin_publish(
        admin_client,
        reverse("wagtailsnippets_ledning_governeddocument:edit", args=[document.pk]),
        review_interval_months="",
    )
    assert report(admin_client)[document.title] == "Försenad"


def test_a_review_without_change_takes_it_off_the_report(admin_client, home_page, governance):
    page = old_page(home_page)
    document = publish_initial(GovernedDocumentFactory(title="Rutin", approved_on=D(2020, 1, 1)))
    assert {"Hantera nycklar", "Rutin"} <= set(report(admin_client))
    assert dashboard(admin_client)["overdue"] == "2"
    record_review_without_change(page, governance.admin)
    record_review_without_change(document, governance.admin)
    assert {"Hantera nycklar", "Rutin"}.isdisjoint(report(admin_client))
    assert dashboard(admin_client)["overdue"] == "0"
    assert dashboard(admin_client)["in_time"] == "100 %"


def test_soon_due_is_listed_and_the_order_is_by_due_date_then_title(admin_client, home_page):
    today = timezone.localdate()
    old_page(home_page, title="Ö-process", approved_on=D(2020, 3, 1))
    GovernedDocumentFactory(title="B rutin", approved_on=D(2020, 3, 1))
    GovernedDocumentFactory(title="A rutin", approved_on=D(2021, 1, 1))
    GovernedDocumentFactory(title="Snart", approved_on=add_months(today, -12) + D.resolution * 10)
    GovernedDocumentFactory(title="Nyss", approved_on=today)
    GovernedDocumentFactory(
        title="Blankett", document_type="blankett", approved_on=today - 400 * D.resolution
    )
    rows = report(admin_client)
    assert list(rows) == ["B rutin", "Ö-process", "A rutin", "Snart"]
    assert rows["Snart"] == "Snart dags"


def test_a_change_of_the_interval_settings_shows_after_the_reminder_run(
    admin_client, home_page, settings
):
    GovernedDocumentFactory(title="Blankett", document_type="blankett", approved_on=D(2024, 1, 1))
    assert "Blankett" in report(admin_client)  # 24 months: due 2026-01-01
    settings.LEDNING_REVIEW_INTERVALS = {"blankett": 48}
    send_review_reminders()
    assert "Blankett" not in report(admin_client)


def test_the_report_is_right_after_an_import(admin_client, tmp_path: Path):
    """The import writes new pages as rows and publishes them with one update: a page without
    dates is due a year after its publication (today), one approved in 2020 is overdue, and
    importing a newer approval date takes the document off the report."""
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rutin.pdf").write_bytes(PDF)
    data = {
        "format": "ledningssystem/1",
        "workplaces": [],
        "documents": [
            {
                "key": "rutin-gammal",
                "type": "rutin",
                "title": "Rutin fastställd 2020",
                "file": "files/rutin.pdf",
                "approved_on": "2020-02-01",
            },
            {"key": "rutin-ny", "type": "rutin", "title": "Rutin utan datum"},
        ],
        "pages": [
            {"type": "start", "path": "", "slug": "ls", "title": "Ledningssystemet"},
            {"type": "process", "path": "utan-datum", "title": "Process utan datum"},
            {
                "type": "process",
                "path": "gammal",
                "title": "Process fastställd 2019",
                "approved_on": "2019-05-28",
            },
        ],
    }
    import_ledningssystem(data, files_dir=tmp_path)
    rows = report(admin_client)
    assert set(rows) == {"Rutin fastställd 2020", "Process fastställd 2019"}
    next_year = add_months(timezone.localdate(), 12)
    assert ProcessPage.objects.get(title="Process utan datum").review_due_on == next_year
    assert GovernedDocument.objects.get(key="rutin-ny").review_due_on == next_year
    assert dashboard(admin_client)["overdue"] == "2"

    data["documents"][0]["approved_on"] = timezone.localdate().isoformat()
    import_ledningssystem(data, files_dir=tmp_path)
    assert set(report(admin_client)) == {"Process fastställd 2019"}


# --- Dokument utan sida ------------------------------------------------------------------------


def orphans(client) -> list[str]:
    html = soup(client.get(reverse("ledning_reports:orphans")))
    return [text_of(row.find("td")) for row in html.select("tbody tr")]


def test_documents_without_a_page_are_exactly_those_no_live_page_lists(
    client, admin_client, home_page, governance, admin_user
):
    """Listed by a live page (also a private one): not in the report. Only in a draft, or only
    on a page that is no longer published: in it. A private document no page lists: in it."""
    start = StartPageFactory(parent=home_page, slug="ls")
    listed, on_private, in_draft, on_unpublished, alone = (
        GovernedDocumentFactory(title=title)
        for title in (
            "Listad",
            "Listad på en skyddad sida",
            "Bara i ett utkast",
            "Bara på en avpublicerad sida",
            "Ingen sida",
        )
    )
    collection = restrict_collection(client, admin_user, "Chefer", governance.approvers)
    private_alone = GovernedDocumentFactory(title="Skyddad utan sida", file__collection=collection)
    page = publish_initial(
        ProcessPageFactory(parent=start, title="P", body=[documents_block("Rutiner", [listed])])
    )
    private = ProcessPageFactory(
        parent=start, title="S", body=[documents_block("Rutiner", [on_private])]
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    ProcessPageFactory(
        parent=start, title="A", body=[documents_block("Rutiner", [on_unpublished])]
    ).unpublish()

    client.force_login(governance.editor)
    submit_in_admin(
        client,
        page,
        change_body=lambda state: documents_list(state, "Rutiner").append(new_item(in_draft)),
        change_note="Ny rutin i listan",
    )
    client.force_login(governance.admin)
    assert orphans(client) == sorted(
        [in_draft.title, on_unpublished.title, alone.title, private_alone.title]
    )
    assert dashboard(client)["orphans"] == "4"
