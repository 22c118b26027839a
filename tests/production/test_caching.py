"""The main menu and the process pages' navigation are cached for everyone on a site and
dropped when pages are published, unpublished, renamed or moved; nothing personal is cached."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.ledning.governance.services.guard import content_import

from ..conftest import soup, text_of
from ..factories import ProcessPageFactory, StartPageFactory

pytestmark = pytest.mark.django_db


def menu_titles(response) -> list[str]:
    return [text_of(link) for link in soup(response).select("nav.main-menu a")]


def support_link(response) -> str | None:
    links = [text_of(a) for a in soup(response).select("nav a, footer a, .process-navigation a")]
    return next((title for title in links if title.startswith("Stödprocesser")), None)


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return response


def filters_on(sql: list[str], column: str) -> list[str]:
    """The queries whose WHERE clause names the column or value."""
    return [query for query in sql if column in query.partition(" WHERE ")[2]]


def sql_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return [query["sql"] for query in queries]


def test_the_menu_is_built_once_and_shared_by_users(staff_client, editor_client, site_tree):
    site_tree.start.show_in_menus = True
    site_tree.start.save()
    get(staff_client, site_tree.process.url)

    for client in (staff_client, editor_client):
        sql = sql_of(client, site_tree.process.url)
        assert not filters_on(sql, '"show_in_menus"'), sql
        assert "Socialförvaltningens ledningssystem" in menu_titles(get(client, "/"))


def test_a_published_page_enters_the_menu_and_an_unpublished_one_leaves(staff_client, site_tree):
    assert "Kvalitetsarbete" not in menu_titles(get(staff_client, site_tree.process.url))

    page = StartPageFactory(
        parent=site_tree.start.get_parent(),
        title="Kvalitetsarbete",
        slug="kvalitetsarbete",
        show_in_menus=True,
        live=False,
    )
    assert "Kvalitetsarbete" not in menu_titles(get(staff_client, site_tree.process.url))

    page.save_revision().publish()
    assert "Kvalitetsarbete" in menu_titles(get(staff_client, site_tree.process.url))

    page.title = "Kvalitetsarbetet"
    page.save_revision().publish()
    titles = menu_titles(get(staff_client, site_tree.process.url))
    assert "Kvalitetsarbetet" in titles and "Kvalitetsarbete" not in titles

    page.refresh_from_db()
    page.unpublish()
    assert "Kvalitetsarbetet" not in menu_titles(get(staff_client, site_tree.process.url))


def test_the_current_item_is_marked_per_request(staff_client, site_tree):
    site_tree.start.show_in_menus = True
    site_tree.start.save_revision().publish()
    inside = soup(get(staff_client, site_tree.process.url)).select_one(
        "nav.main-menu a[aria-current]"
    )
    assert text_of(inside) == "Socialförvaltningens ledningssystem"
    assert inside["aria-current"] == "true"
    home = soup(get(staff_client, "/")).select_one("nav.main-menu a[aria-current]")
    assert text_of(home) == "Hem" and home["aria-current"] == "page"


def test_the_support_process_link_follows_publishing(staff_client, site_tree):
    url = site_tree.process.url
    assert support_link(get(staff_client, url)) == "Stödprocesser inom vård och omsorg"
    # Cached: the second view of another process page does not look for it again.
    get(staff_client, site_tree.complaints.url)
    sql = sql_of(staff_client, site_tree.complaints.url)
    assert not filters_on(sql, "stodprocesser"), sql

    site_tree.support.title = "Stödprocesser (läkemedel, hygien)"
    site_tree.support.save_revision().publish()
    assert support_link(get(staff_client, url)) == "Stödprocesser (läkemedel, hygien)"

    site_tree.support.unpublish()
    assert support_link(get(staff_client, url)) is None

    with content_import():  # published again as the import would (no approval asked here)
        site_tree.support.save_revision().publish()
    assert support_link(get(staff_client, url)) == "Stödprocesser (läkemedel, hygien)"


def test_a_moved_support_page_leaves_its_old_area(staff_client, site_tree):
    url = site_tree.process.url
    assert support_link(get(staff_client, url)) is not None
    elsewhere = ProcessPageFactory(parent=site_tree.start, title="Annat område")
    site_tree.support.move(elsewhere, pos="last-child")
    assert support_link(get(staff_client, url)) is None


def test_nothing_personal_is_shared(staff_client, editor_client, site_tree):
    url = site_tree.process.url
    get(editor_client, url)
    response = staff_client.post(
        "/bokmarken/", {"page": site_tree.process.pk, "next": url}, follow=True
    )
    assert response.status_code == 200

    def star(client) -> str:
        return soup(get(client, url)).select_one("form[data-bookmark-form] button")["title"]

    assert star(staff_client) == "Ta bort bokmärke"
    assert star(editor_client) == "Lägg till bokmärke"
