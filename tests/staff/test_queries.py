"""The start page, the Genvägar menu and Min sida cost the same number of queries whatever a
person keeps: 5 or 100 bookmarks, shortcuts and news items."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.staff import services
from intranet.staff.models import Bookmark, Shortcut, UserPreferences

from ..conftest import soup
from .conftest import ToolFactory

pytestmark = pytest.mark.django_db

# What a page costs at most beyond the page itself (session, user, site, page, menus …).
START_PAGE_BUDGET = 25


def count_queries(client, url: str) -> tuple[int, list[str], object]:
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [query["sql"] for query in queries], soup(response)


def grow_to(count, user, make_news, org, image) -> None:
    """Give the user `count` bookmarks and shortcuts, and the site `count` news items (some
    with images, some for the user's workplace)."""
    existing = Bookmark.objects.filter(user=user).count()
    for number in range(existing, count):
        news = make_news(
            f"Nyhet {number:03d}",
            workplaces=[org.omrade1] if number % 2 else [],
            image=image if number % 3 == 0 else None,
        )
        services.add_bookmark(user, news)
        Shortcut.objects.create(
            user=user,
            name=f"Länk {number:03d}",
            url=f"https://l{number}.example/",
            sort_order=number,
        )
        Shortcut.objects.create(user=user, tool=ToolFactory(), sort_order=1000 + number)


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Nyhetsbild")


@pytest.mark.parametrize("url_name", ["home", "process", "min_sida"])
def test_pages_do_not_grow_with_what_a_person_keeps(
    staff_client, staff_user, site_tree, make_news, org, image, settings, url_name
):
    settings.STAFF_MAX_BOOKMARKS = settings.STAFF_MAX_SHORTCUTS = 1000
    services.set_workplaces(staff_user, [org.omrade1])
    UserPreferences.objects.filter(user=staff_user).update(shortcuts_customised=True)
    url = {"home": "/", "process": site_tree.process.url, "min_sida": "/min-sida/"}[url_name]

    grow_to(5, staff_user, make_news, org, image)
    small, _small_sql, small_page = count_queries(staff_client, url)
    grow_to(100, staff_user, make_news, org, image)
    large, large_sql, large_page = count_queries(staff_client, url)

    assert len(small_page.select("[data-bookmark-list] li")) == 5
    assert len(large_page.select("[data-bookmark-list] li")) == 100
    assert len(large_page.select(".shortcuts-menu__list a")) == 300
    if url_name == "home":
        assert len(large_page.select("[data-my-news] .news-item")) == 5
        assert large_page.select("[data-all-news] img")
    assert small == large, "\n".join(large_sql)
    assert large <= START_PAGE_BUDGET, "\n".join(large_sql)


def test_default_shortcuts_do_not_grow_with_the_catalogue(staff_client, staff_user, org):
    services.set_workplaces(staff_user, [org.omrade1])
    ToolFactory.create_batch(5, default_for_everyone=True)
    small, _sql, small_page = count_queries(staff_client, "/")
    ToolFactory.create_batch(95, default_workplaces=[org.vo])
    large, large_sql, large_page = count_queries(staff_client, "/")
    assert len(small_page.select("[data-home-shortcuts] li")) == 5
    assert len(large_page.select("[data-home-shortcuts] li")) == 100
    assert small == large, "\n".join(large_sql)


def test_the_menus_bookmarks_are_one_query(staff_client, staff_user, site_tree):
    for page in (site_tree.area, site_tree.process, site_tree.rutiner):
        services.add_bookmark(staff_user, page)
    _count, sql, _page = count_queries(staff_client, site_tree.riktlinjer.url)
    bookmark_queries = [query for query in sql if 'FROM "staff_bookmark"' in query]
    assert len(bookmark_queries) == 1, bookmark_queries


@pytest.mark.parametrize("with_list", [True, False], ids=["news list", "no news list"])
def test_the_start_page_without_news_does_not_look_for_them(
    staff_client, staff_user, site_tree, org, request, with_list
):
    """No live news on the site (a news list or none): both sections say so, and the start
    page only asks whether there are any instead of building and running its two news
    queries (for the person's workplaces and for everyone, each reading the items)."""
    if with_list:
        request.getfixturevalue("news_index")
    services.set_workplaces(staff_user, [org.omrade1])
    _count, sql, page = count_queries(staff_client, "/")
    assert "Inga nyheter för dig just nu." in page.select_one("[data-my-news]").get_text()
    assert "Inga nyheter ännu." in page.select_one("[data-all-news]").get_text()
    reading_news = [query for query in sql if '"staff_newspage"."date"' in query]
    assert reading_news == [], "\n\n".join(reading_news)


def test_the_start_page_with_news_shows_them(staff_client, staff_user, make_news, org):
    """One live news item for everyone: both sections list it (the check for news lets it
    through)."""
    services.set_workplaces(staff_user, [org.omrade1])
    make_news("Nytt larmnummer")
    _count, _sql, page = count_queries(staff_client, "/")
    assert "Nytt larmnummer" in page.select_one("[data-my-news]").get_text()
    assert "Nytt larmnummer" in page.select_one("[data-all-news]").get_text()
