"""A process page costs the same number of queries whatever the number of documents it lists.

Plain Wagtail follows each governed document's link to its file with one query per document
(16 queries at 5 documents, 61 at 50); the management system loads them in one. The budget of
15 covers the page as the foundation built it (session, routing, view restrictions, menus,
breadcrumbs, the footer's links, documents); the staff app's personal header (bookmarks,
shortcuts, preferences) comes on top and is held constant here, not budgeted.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from ..conftest import process_page_with_documents, soup
from ..factories import (
    AreaPageFactory,
    GovernedDocumentFactory,
    ProcessPageFactory,
    documents_block,
)
from ..staff.conftest import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def is_staff_feature(sql: str) -> bool:
    """A query of the staff app's personal features (its tables are named staff_…)."""
    return '"staff_' in sql


def render_queries(client, url: str) -> tuple[int, HttpResponse, list[str]]:
    """(queries outside the staff app's features, response, every query's SQL)."""
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries]
    return len([query for query in sql if not is_staff_feature(query)]), response, sql


def listing(count: int, prefix: str):
    """count documents: the first with three nested children, the rest flat."""
    documents = GovernedDocumentFactory.create_batch(count, title=f"{prefix} dokument")
    return [(documents[0], documents[1:4]), *documents[4:]]


@pytest.mark.parametrize("parent_name", ["area", "process"])
def test_process_page_queries_do_not_grow_with_its_documents(staff_client, site_tree, parent_name):
    parent = getattr(site_tree, parent_name)
    small = process_page_with_documents(parent, listing(5, "Fem"), title="Fem dokument")
    large = process_page_with_documents(parent, listing(50, "Femtio"), title="Femtio dokument")

    small_count, small_html, small_sql = render_queries(staff_client, small.url)
    large_count, large_html, large_sql = render_queries(staff_client, large.url)

    assert len(soup(small_html).select("section.document-list a")) == 5
    assert len(soup(large_html).select("section.document-list a")) == 50
    assert small_count == large_count, "\n".join(large_sql)
    assert len(small_sql) == len(large_sql), "\n".join(large_sql)
    assert large_count <= MAX_QUERIES, "\n".join(large_sql)


def test_the_seed_process_page_stays_within_the_budget(staff_client, site_tree):
    # Riktlinjer, rutiner with a nested child, blanketter, related material and a process map.
    count, html, sql = render_queries(staff_client, site_tree.process.url)
    assert "Material i insatspärm" in html.content.decode()
    assert count <= MAX_QUERIES + 2, "\n".join(sql)


def test_several_document_lists_share_one_query(staff_client, site_tree):
    documents = GovernedDocumentFactory.create_batch(12, title="Delad")
    body = []
    for number in range(4):
        chunk = documents[number * 3 : number * 3 + 3]
        body.append(documents_block(f"Lista {number}", [(chunk[0], chunk[1:])]))
    page = ProcessPageFactory(parent=site_tree.area, title="Fyra listor", body=body)
    _count, html, sql = render_queries(staff_client, page.url)
    assert len(soup(html).select("section.document-list a")) == 12
    document_queries = [query for query in sql if 'FROM "ledning_governeddocument"' in query]
    assert len(document_queries) == 1, document_queries


def test_deeper_pages_cost_no_more(staff_client, site_tree):
    shallow = process_page_with_documents(site_tree.area, listing(5, "Grund"), title="Grund")
    deeper = ProcessPageFactory(parent=site_tree.process, title="Delprocess")
    deepest = process_page_with_documents(deeper, listing(5, "Djup"), title="Djup")
    shallow_count, _html, shallow_sql = render_queries(staff_client, shallow.url)
    deepest_count, html, sql = render_queries(staff_client, deepest.url)
    assert deepest_count == shallow_count, "\n".join(sql)
    assert len(sql) == len(shallow_sql), "\n".join(sql)
    crumbs = [li.get_text(strip=True) for li in soup(html).select("nav.breadcrumbs li")]
    assert crumbs == [
        "Hem",
        "Socialförvaltningens ledningssystem",
        "Vård och Omsorg",
        "Verkställa beslut om hemtjänst",
        "Delprocess",
        "Djup",
    ]


# --- every page type: a small site and a large one cost the same -----------------------------


def grow_site(site_tree, news_index, areas: int, documents: int, news: int) -> None:
    """More of everything: areas with process pages (some in the menu), governed documents in
    the index pages' listings, news items."""
    for number in range(areas):
        area = AreaPageFactory(
            parent=site_tree.start, title=f"Område {number:03d}", show_in_menus=number % 2 == 0
        )
        for step in range(3):
            ProcessPageFactory(parent=area, title=f"Process {number:03d}-{step}")
    for number in range(documents):
        GovernedDocumentFactory(
            title=f"Riktlinje {number:03d}", document_type="riktlinje", tags=["vård och omsorg"]
        )
    for number in range(news):
        NewsPageFactory(
            parent=news_index,
            title=f"Nyhet {number:03d}",
            date=datetime.date.today() - datetime.timedelta(days=number % 20),
        )


@pytest.fixture
def news_index(site_tree):
    return NewsIndexPageFactory(parent=site_tree.home)


@pytest.fixture
def page_types(site_tree, news_index) -> dict[str, str]:
    """A URL of each page type staff read."""
    site_tree.start.show_in_menus = True
    site_tree.start.save()
    news = NewsPageFactory(parent=news_index, title="Ny rutin för nyckelhantering")
    return {
        "HEM": "/",
        "StartPage": site_tree.start.url,
        "AreaPage": site_tree.area.url,
        "ProcessPage": site_tree.process.url,
        "DocumentIndexPage": site_tree.riktlinjer.url,
        "NewsPage": news.url,
        "Min sida": "/min-sida/",
    }


def test_no_page_type_costs_more_on_a_large_site(staff_client, site_tree, news_index, page_types):
    small = {name: render_queries(staff_client, url) for name, url in page_types.items()}
    grow_site(site_tree, news_index, areas=12, documents=40, news=30)
    large = {name: render_queries(staff_client, url) for name, url in page_types.items()}

    assert len(soup(large["DocumentIndexPage"][1]).select("main a[href$='/fil/']")) > len(
        soup(small["DocumentIndexPage"][1]).select("main a[href$='/fil/']")
    ), "the large site lists more documents"
    grown = {
        name: (len(small[name][2]), len(large[name][2]))
        for name in page_types
        if len(small[name][2]) != len(large[name][2])
    }
    assert grown == {}, "\n\n".join(
        f"{name}: {before} → {after} queries\n" + "\n".join(large[name][2])
        for name, (before, after) in grown.items()
    )
