"""The governance dashboard (issue 15, item 8): figures on the admin's start page and on a page
of their own, each linking to its report and shown only to those who may open that report; the
share reviewed in time over twelve months as an SVG line chart (goal line 80 %) with the same
figures in a table.

Content comes from the import, people and groups from the demo's own code; reviews, proposals
and read confirmations are made through the forms and services people use."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from intranet.ledning.dashboard.chart import line_chart
from intranet.ledning.governance.selectors import review_share_history
from intranet.ledning.models import ReadRequest
from intranet.ledning.readconfirm import services as readconfirm
from intranet.portal.demo.readconfirm import grant_follow_up
from tests.conftest import soup, text_of

from .conftest import make_user
from .demo_site import demo_site  # noqa: F401

pytestmark = pytest.mark.django_db

DASHBOARD = "ledning_dashboard:index"


def figures_of(html) -> dict[str, dict[str, str]]:
    found = {}
    for item in html.select("[data-figure]"):
        found[item["data-figure"]] = {
            "value": text_of(item.select_one(".ledning-figure__value")),
            "text": text_of(item),
            "href": item.select_one("a")["href"],
        }
    return found


def record_review(client, user, obj, kind: str) -> None:
    client.force_login(user)
    url = reverse("ledning_review:confirm", args=[kind, obj.pk])
    assert client.post(url, {"note": "Stämmer."}).status_code == 302


@pytest.fixture
def ls_admin(client, demo_site):  # noqa: F811
    grant_follow_up()  # the demo lets the LS-administrators follow up read confirmations
    client.force_login(demo_site.users["redaktor"])
    return client


def test_the_dashboard_page_shows_every_figure_with_its_report(ls_admin, demo_site):  # noqa: F811
    client = ls_admin
    page = demo_site.page()
    # A member of staff proposes a change; a läskvittens is open for the page's workplace.
    client.force_login(demo_site.users["medarbetare"])
    client.post(
        reverse("ledning:propose_page", args=[page.pk]),
        {"text": "Nyckelskåpet har flyttats.", "kind": "vikt"},
    )
    readconfirm.open_request(
        page,
        page.live_revision,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        users=[demo_site.users["medarbetare"].pk, demo_site.users["chef"].pk],
    )
    read_request = ReadRequest.objects.get(page=page)
    readconfirm.confirm(demo_site.users["medarbetare"], read_request)

    client.force_login(demo_site.users["redaktor"])
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    html = soup(response)
    figures = figures_of(html)
    # The process page and one document are overdue (revised 2017); the other document is new.
    assert figures["in_time"]["value"] == "33 %"
    assert "1 av 3" in figures["in_time"]["text"] and "målet är 80 %" in figures["in_time"]["text"]
    assert figures["overdue"]["value"] == "2"
    assert figures["read_confirmations"]["value"] == "1"
    assert "1 av 2 (50 %)" in figures["read_confirmations"]["text"]
    assert figures["without_owner"]["value"] == "3"
    assert figures["broken_links"]["value"] == "0"
    assert figures["orphans"]["value"] == "1"  # Rutin Nyckelhantering: no page lists it
    assert figures["proposals"]["value"] == "1"
    assert figures["in_time"]["href"] == reverse("ledning_reports:reviews")
    assert figures["overdue"]["href"] == reverse("ledning_reports:reviews")
    assert figures["read_confirmations"]["href"] == reverse("ledning_readconfirm:index")
    assert figures["without_owner"]["href"] == reverse("ledning_reports:ownerless")
    assert figures["broken_links"]["href"] == reverse("ledning_linkcheck:report") + (
        "?gruppera=ansvarig"
    )
    assert figures["orphans"]["href"] == reverse("ledning_reports:orphans")
    assert figures["proposals"]["href"] == reverse("wagtailsnippets_ledning_changeproposal:list")
    for figure in figures.values():  # every link leads somewhere the user may go
        assert client.get(figure["href"]).status_code == 200, figure["href"]

    # A review without change shows at once.
    record_review(client, demo_site.users["redaktor"], page, "sida")
    figures = figures_of(soup(client.get(reverse(DASHBOARD))))
    assert figures["in_time"]["value"] == "67 %"
    assert figures["overdue"]["value"] == "1"


def test_the_chart_is_svg_with_a_goal_line_and_a_table_behind_it(ls_admin, demo_site):  # noqa: F811
    html = soup(ls_admin.get(reverse(DASHBOARD)))
    svg = html.select_one("svg.ledning-chart__svg")
    assert svg["role"] == "img"
    labelled = svg["aria-labelledby"].split()
    assert [html.find(id=ident).name for ident in labelled] == ["title", "desc"]
    assert "Målet är 80 procent" in text_of(svg.find("desc"))
    assert "Mål 80 %" in text_of(svg.select_one(".ledning-chart__goal"))
    assert svg.select_one(".ledning-chart__line path")["d"].startswith("M")

    rows = html.select("table.ledning-chart__table tbody tr")
    assert len(rows) == 12
    today = timezone.localdate()
    with translation.override("sv"):
        this_month = dateformat.format(today, "F Y")
    last = [text_of(cell) for cell in rows[-1].find_all(["th", "td"])]
    assert last == [this_month, "33 %", "1", "3"]
    # A year ago the two items dated 2017 were already overdue; the new document was not there.
    first = [text_of(cell) for cell in rows[0].find_all(["th", "td"])]
    assert first[1:] == ["0 %", "0", "2"]
    # The chart says the same as the table, point by point, in its text alternative.
    assert f"{this_month}: 33 %" in text_of(svg.find("desc"))


def test_the_history_follows_the_clock_restarts(demo_site):  # noqa: F811
    """Each month-end counts what was overdue then: a page revised in November 2017 with a
    12-month interval was in time at the end of November 2018 and overdue a month later."""
    history = review_share_history(12, today=datetime.date(2019, 1, 15))
    by_month = {(row.day.year, row.day.month): row for row in history}
    assert by_month[(2018, 11)].in_time == 2  # due 2018-11-30: still in time that day
    assert by_month[(2018, 12)].in_time == 0
    assert by_month[(2019, 1)].day == datetime.date(2019, 1, 15)
    assert all(row.total == 2 for row in history)  # the undated document came later


def test_a_month_without_content_breaks_the_line():
    days = [datetime.date(2026, month, 28) for month in (1, 2, 3, 4)]
    chart = line_chart(list(zip(days, [50, None, 80, 90], strict=True)), goal=80)
    assert chart.path.count("M") == 2
    assert len(chart.plotted) == 3
    assert chart.goal_y == chart.points[2].y  # 80 % lies on the goal line


def test_the_home_panel_shows_the_figures(ls_admin, demo_site):  # noqa: F811
    html = soup(ls_admin.get(reverse("wagtailadmin_home")))
    panel = html.find(id="ledning-dashboard-section")
    assert panel is not None
    assert "Ledningssystemet i siffror" in text_of(html)
    assert set(figures_of(panel)) >= {"in_time", "overdue", "without_owner", "orphans"}
    assert html.find("a", href=reverse(DASHBOARD)) is not None


def test_figures_follow_the_report_permissions(client, demo_site, django_user_model):  # noqa: F811
    # An approving manager has no report: no panel, no menu item, and the page is refused.
    client.force_login(demo_site.users["chef"])
    home = client.get(reverse("wagtailadmin_home"))
    assert "Ledningssystemet i siffror" not in home.content.decode()
    assert reverse(DASHBOARD) not in home.content.decode()
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert (
        client.get(reverse(DASHBOARD), headers={"x-requested-with": "XMLHttpRequest"}).status_code
        == 403
    )

    # Someone given only the orphan report sees that figure and nothing else.
    group = Group.objects.create(name="Läser dokument utan sida")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_orphans_report"])
    )
    reader = make_user(django_user_model, "dokumentlasare", group)
    client.force_login(reader)
    html = soup(client.get(reverse(DASHBOARD)))
    assert set(figures_of(html)) == {"orphans"}
    assert html.select_one("svg.ledning-chart__svg") is None  # the chart is the review report's
    assert reverse(DASHBOARD) in client.get(reverse("wagtailadmin_home")).content.decode()
