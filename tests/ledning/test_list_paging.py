"""Lists that grow with content, other than the document index (test_document_index.py): the
list of changes, the processes that use a document (*Används i processerna*), Min sida's
bookmarks and the admin's reports. Each shows one page at a time (``?sida=N``, plain links,
so paging works without JavaScript) and costs the same queries and about the same HTML at a
small and at a large count."""

from __future__ import annotations

import datetime

import factory
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intranet.ledning import conf
from intranet.ledning.readconfirm.services import open_request
from intranet.staff import conf as staff_conf
from intranet.staff import services as staff_services

from ..conftest import soup, text_of
from ..factories import (
    GovernedDocumentFactory,
    ProcessPageFactory,
    StartPageFactory,
    approved_changes,
    documents_block,
)

pytestmark = pytest.mark.django_db

MAX_HTML_BYTES = 200_000


def measured(client, url: str) -> tuple[int, int, list[str]]:
    """(queries, HTML bytes, SQL) of a second view of url (the first warms per-process
    caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content), [query["sql"] for query in queries]


def pager_of(html):
    """The pager's links: [(text, href, aria-current)]."""
    nav = html.select_one("nav.pager")
    assert nav is not None and nav.get("aria-label")
    return [(text_of(a), a["href"], a.get("aria-current")) for a in nav.select("a")]


# --- the list of changes (Ändringar i ledningssystemet) ------------------------------------------


def test_the_list_of_changes_pages_at_2000_changes_with_the_same_queries(staff_client):
    changes_url = reverse("ledning:changes")
    approved_changes(GovernedDocumentFactory.create_bulk(20, title="Liten rutin"))
    small_queries, small_bytes, _sql = measured(staff_client, changes_url)
    approved_changes(GovernedDocumentFactory.create_bulk(2000, title="Stor rutin"))
    large_queries, large_bytes, large_sql = measured(staff_client, changes_url)
    page_queries, _bytes, _sql = measured(staff_client, changes_url + "?sida=30")

    assert small_queries == large_queries == page_queries, "\n".join(large_sql)
    assert large_bytes <= MAX_HTML_BYTES
    assert large_bytes < 3 * small_bytes
    html = soup(staff_client.get(changes_url))
    assert len(html.select(".notice-list li")) == conf.get("LIST_PAGE_SIZE")
    assert text_of(html.select_one(".listing-status")) == "Visar 1–50 av 2020 ändringar"
    links = pager_of(html)
    assert links[0] == ("1", changes_url, "page")
    assert links[-1] == ("Nästa", changes_url + "?sida=2", None)
    assert ("41", changes_url + "?sida=41", None) in links


def test_the_last_page_of_changes_holds_the_oldest(staff_client):
    documents = GovernedDocumentFactory.create_bulk(60, title=factory_titles(60))
    approved_changes(documents)
    html = soup(staff_client.get(reverse("ledning:changes") + "?sida=2"))
    titles = [text_of(item.find("h2")) for item in html.select(".notice-list li")]
    assert titles == [f"Rutin {n:02d}" for n in range(9, -1, -1)]
    assert ("2", "/ledningssystem/andringar/?sida=2", "page") in pager_of(html)
    assert text_of(html.select_one(".listing-status")) == "Visar 51–60 av 60 ändringar"


def factory_titles(count: int) -> factory.Iterator:
    return factory.Iterator(f"Rutin {n:02d}" for n in range(count))


# --- Används i processerna (the process pages using a governed document) ------------------------


def process_pages_using(document, start, count: int) -> None:
    for number in range(count):
        ProcessPageFactory(
            parent=start,
            title=f"Process {number:04d}",
            slug=f"process-{number:04d}",
            body=[documents_block("Blanketter", [document])],
        )


def test_used_in_processes_pages_at_250_processes_with_the_same_queries(staff_client, home_page):
    start = StartPageFactory(parent=home_page, slug="ledning")
    small, large = GovernedDocumentFactory(title="Liten"), GovernedDocumentFactory(title="Stor")
    process_pages_using(small, start, 20)
    small_queries, small_bytes, _sql = measured(staff_client, small.get_absolute_url())
    process_pages_using(large, StartPageFactory(parent=home_page, slug="stor"), 250)
    url = large.get_absolute_url()
    large_queries, large_bytes, large_sql = measured(staff_client, url)
    last_queries, _bytes, _sql = measured(staff_client, url + "?sida=5")

    assert small_queries == large_queries == last_queries, "\n".join(large_sql)
    assert large_bytes < 1.5 * small_bytes
    html = soup(staff_client.get(url + "?sida=5"))
    section = html.select_one("#processer")
    titles = [text_of(a) for a in section.select("ul.link-list a")]
    assert titles == [f"Process {n:04d}" for n in range(200, 250)]
    assert text_of(section.select_one(".listing-status")) == "Visar 201–250 av 250 processer"
    links = pager_of(section)
    assert links[0] == ("Föregående", url + "?sida=4#processer", None)
    assert ("5", url + "?sida=5#processer", "page") in links
    assert ("1", url + "#processer", None) in links
    assert "Nästa" not in [text for text, _href, _current in links]


# --- Läskvittenser (the admin's follow-up of read requests) -----------------------------------


def read_requests(count: int, person) -> None:
    """A läskvittens asked of person for a new version of each of count documents, opened as
    the approval opens it (readconfirm.services.open_request)."""
    due = datetime.date.today() + datetime.timedelta(days=30)
    for document in GovernedDocumentFactory.create_bulk(count, title="Läs rutin"):
        open_request(document, document.save_revision(), due_on=due, users=[person.pk])


def test_the_follow_up_of_read_requests_pages_with_the_same_queries(admin_client, staff_user):
    """One page of 20 requests, each with its completion (a few queries per request on the
    page, none for the others): the same queries at 25 and at 125 requests."""
    url = reverse("ledning_readconfirm:index")
    read_requests(25, staff_user)
    small_queries, small_bytes, _sql = measured(admin_client, url)
    read_requests(100, staff_user)
    large_queries, large_bytes, large_sql = measured(admin_client, url)
    page_queries, _bytes, _sql = measured(admin_client, url + "?p=3")

    assert small_queries == large_queries == page_queries, "\n".join(large_sql)
    assert large_bytes < 1.2 * small_bytes
    html = soup(admin_client.get(url + "?p=7"))
    assert len(html.select("[data-read-requests] tbody tr")) == 5
    nav = html.select_one("nav.pagination")
    assert nav.get("aria-label")
    assert nav.select_one("[aria-current=page]")["href"] == "?p=7"


# --- the governance reports (Wagtail's ReportView, 100 rows a page) ------------------------------


@pytest.mark.parametrize(
    "route", ["ledning_reports:reviews", "ledning_reports:ownerless", "ledning_reports:orphans"]
)
def test_a_report_loads_only_the_rows_of_its_page(admin_client, route):
    """Documents written by the import's bulk path have no owner and were approved in 2015:
    each is overdue for review, without an owner and on no page. The report's page of 100 costs
    the same queries at 20 and at 600 of them; the export still has every row."""
    url = reverse(route)
    GovernedDocumentFactory.create_bulk(20, title="Liten")
    small_queries, _small_bytes, _sql = measured(admin_client, url)
    GovernedDocumentFactory.create_bulk(580, title="Stor")
    large_queries, large_bytes, large_sql = measured(admin_client, url)
    page_queries, _bytes, _sql = measured(admin_client, url + "?p=6")

    assert small_queries == large_queries == page_queries, "\n".join(large_sql)
    assert large_bytes <= MAX_HTML_BYTES
    html = soup(admin_client.get(url + "?p=6"))
    assert len(html.select("table.listing tbody tr")) == 100
    assert html.select_one("nav.pagination [aria-current=page]")["href"].endswith("p=6")
    export = admin_client.get(url + "?export=csv")
    assert b"".join(export.streaming_content).decode("utf-8-sig").count("\n") == 601


def rows_read(client, url: str, before=None) -> int:
    """The most rows any one statement of a view of url hands over from the database: each
    SELECT the view ran (captured as it was sent) is run again and its rows counted.
    ``before()`` runs ahead of each view (to empty the cache)."""
    for _ in range(2 if before else 1):
        if before:
            before()
        client.get(url)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    most = 0
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(query["sql"])
                most = max(most, len(cursor.fetchall()))
    return most


@pytest.mark.parametrize(
    "route",
    [
        "ledning_reports:reviews",
        "ledning_reports:ownerless",
        "ledning_reports:orphans",
        "wagtailadmin_home",
    ],
)
def test_reports_and_the_dashboard_read_no_more_rows_than_they_show(admin_client, route):
    """600 documents overdue, without owner and on no page: no statement of the report (100
    rows a page) or of the dashboard's figures (the admin's start page) reads them all; the
    database sorts, counts and pages."""
    GovernedDocumentFactory.create_bulk(600, title=factory_titles(600))
    url = reverse(route)
    assert rows_read(admin_client, url) <= 150
    if route.startswith("ledning_reports"):
        assert rows_read(admin_client, url + "?p=6") <= 150


def test_the_overview_with_an_empty_cache_reads_no_more_rows_than_it_shows(admin_client):
    """The first view of the overview page (*Ledningssystem: översikt*) on a day works out the
    twelve months of the share reviewed in time: the database counts them from the dates of
    600 documents and their changes; no statement hands over a row per document. This month's
    figure in the table is the one at the top (from the stored due dates): the 300 revised a
    month ago are in time, the 300 approved in 2015 are not."""
    revised = datetime.date.today() - datetime.timedelta(days=30)
    approved_changes(GovernedDocumentFactory.create_bulk(300, title="Ny", revised_on=revised))
    GovernedDocumentFactory.create_bulk(300, title="Gammal")
    url = reverse("ledning_dashboard:index")
    assert rows_read(admin_client, url, before=cache.clear) <= 150
    cache.clear()
    html = soup(admin_client.get(url))
    rows = html.select("table.ledning-chart__table tbody tr")
    assert len(rows) == 12
    this_month = [text_of(cell) for cell in rows[-1].find_all(["th", "td"])]
    in_time = html.select_one("[data-figure=in_time]")
    assert this_month[1:] == ["50 %", "300", "600"]
    assert text_of(in_time.select_one(".ledning-figure__value")) == "50 %"
    assert "300 av 600" in text_of(in_time)


# --- Min sida's bookmarks: bounded by the cap, not paged ----------------------------------------


def test_min_sida_at_the_bookmark_cap_stays_small_with_the_same_queries(
    staff_client, staff_user, home_page
):
    """A person keeps at most STAFF_MAX_BOOKMARKS bookmarks (200): Min sida lists them all on
    one page, with the same queries as two and within the size budget."""
    start = StartPageFactory(parent=home_page, slug="ledning")
    cap = staff_conf.get("MAX_BOOKMARKS")
    pages = [ProcessPageFactory(parent=start, title=f"Process {n:04d}") for n in range(cap + 1)]
    for page in pages[:2]:
        staff_services.add_bookmark(staff_user, page)
    url = reverse("staff:min_sida")
    small_queries, _bytes, _sql = measured(staff_client, url)
    for page in pages[2:cap]:
        staff_services.add_bookmark(staff_user, page)
    with pytest.raises(staff_services.LimitReached):
        staff_services.add_bookmark(staff_user, pages[cap])
    large_queries, large_bytes, large_sql = measured(staff_client, url)

    assert small_queries == large_queries, "\n".join(large_sql)
    assert large_bytes <= MAX_HTML_BYTES
    html = soup(staff_client.get(url))
    assert len(html.select("[data-bookmarks] li")) == cap
