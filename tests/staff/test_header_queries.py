"""A process page as a logged-in member of staff with bookmarks stays within the page budget
(15 queries), the staff app's personal header included, and costs the same with 5, 50 and
200 listed documents. The header (preferences, workplaces, bookmarks, shortcuts) is one
query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.staff import services
from intranet.staff.models import Shortcut, UserPreferences

from ..conftest import process_page_with_documents, soup
from ..factories import GovernedDocumentFactory

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 15


def render(client, url: str) -> tuple[list[str], object]:
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries], soup(response)


def listing(count: int, prefix: str):
    documents = GovernedDocumentFactory.create_batch(count, title=f"{prefix} dokument")
    return [(documents[0], documents[1:4]), *documents[4:]]


@pytest.fixture
def keeper(staff_user, site_tree, org):
    """The member of staff with workplaces, bookmarks and own shortcuts."""
    services.set_workplaces(staff_user, [org.omrade1])
    for page in (site_tree.start, site_tree.area, site_tree.process):
        services.add_bookmark(staff_user, page)
    Shortcut.objects.create(user=staff_user, name="Egen länk", url="https://l.example/")
    UserPreferences.objects.filter(user=staff_user).update(shortcuts_customised=True)
    return staff_user


@pytest.mark.parametrize("customised", [True, False])
def test_a_process_page_with_its_header_is_within_the_budget(
    staff_client, keeper, site_tree, customised
):
    UserPreferences.objects.filter(user=keeper).update(shortcuts_customised=customised)
    counts = {}
    for count in (5, 50, 200):
        page = process_page_with_documents(
            site_tree.area, listing(count, f"Lista {count}"), title=f"{count} dokument"
        )
        sql, html = render(staff_client, page.url)
        assert len(html.select("section.document-list a")) == count
        assert len(html.select("[data-bookmark-list] li")) == 3
        assert html.select(".star[aria-pressed]")
        counts[count] = len(sql)
        assert len(sql) <= PAGE_BUDGET, f"{count} documents: {len(sql)} queries\n" + "\n".join(sql)
    assert len(set(counts.values())) == 1, counts


def test_the_header_reads_the_person_in_one_query(staff_client, keeper, site_tree):
    sql, html = render(staff_client, site_tree.process.url)
    staff_queries = [query for query in sql if '"staff_' in query]
    assert len(staff_queries) == 1, "\n".join(staff_queries)
    assert [a.get_text(strip=True) for a in html.select(".shortcuts-menu__list a")][-1] == (
        "Egen länk"
    )


def test_each_person_gets_their_own_header_from_the_shared_query(
    staff_client, keeper, site_tree, org, django_user_model
):
    """The header's SQL is compiled once and reused: a second person sees their own bookmark
    and workplace, not the first person's, and the first still sees theirs."""
    other = django_user_model.objects.create_user("kollega", password="kollega-lösenord-1")
    services.set_workplaces(other, [org.vo])
    services.add_bookmark(other, site_tree.complaints)
    other_client = type(staff_client)()
    other_client.force_login(other)

    _sql, mine = render(staff_client, site_tree.process.url)
    _sql, theirs = render(other_client, site_tree.process.url)

    def bookmarks(html) -> list[str]:
        return [li.get_text(" ", strip=True) for li in html.select("[data-bookmark-list] li")]

    assert bookmarks(theirs) == [site_tree.complaints.title]
    assert len(bookmarks(mine)) == 3 and site_tree.complaints.title not in bookmarks(mine)
