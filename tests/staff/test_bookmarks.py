"""The star on every content page: it bookmarks the page with a fetch from the page's script
(JSON) or, without JavaScript, with the form's POST and a redirect back; the Genvägar menu at
the top of every page lists the bookmarks."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from intranet.staff import services
from intranet.staff.models import Bookmark

from ..conftest import soup, text_of

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def star(page_soup):
    return page_soup.select_one(".page-header form[data-bookmark-form] button")


def menu_bookmarks(page_soup) -> list[str]:
    return [text_of(link) for link in page_soup.select("[data-bookmark-list] a")]


def test_every_content_page_has_a_star(staff_client, site_tree, news_index):
    pages = [
        site_tree.home,
        site_tree.start,
        site_tree.area,
        site_tree.process,
        site_tree.rutiner,
        news_index,
    ]
    for page in pages:
        button = star(soup(staff_client.get(page.url)))
        assert button is not None, page.url
        assert button.name == "button"
        assert "bokmärke" in text_of(button)
        assert button["aria-pressed"] == "false"
    map_page = soup(staff_client.get(f"{site_tree.process.url}processkarta/karta-hemtjanst/"))
    assert star(map_page) is not None


def test_starring_without_javascript_redirects_back_and_shows_the_star_pressed(
    staff_client, staff_user, site_tree
):
    form = soup(staff_client.get(site_tree.process.url)).select_one("form[data-bookmark-form]")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    response = staff_client.post(form["action"], data)

    assert response.status_code == 302
    assert response["Location"] == site_tree.process.url
    page = soup(staff_client.get(site_tree.process.url))
    assert star(page)["aria-pressed"] == "true"
    assert text_of(star(page)) == "★ Ta bort bokmärke"
    assert menu_bookmarks(page) == ["Verkställa beslut om hemtjänst"]

    # Pressing it again removes the bookmark.
    staff_client.post(form["action"], data)
    page = soup(staff_client.get(site_tree.process.url))
    assert star(page)["aria-pressed"] == "false"
    assert menu_bookmarks(page) == []
    assert not Bookmark.objects.filter(user=staff_user).exists()


def test_starring_with_javascript_answers_json(staff_client, staff_user, site_tree):
    response = staff_client.post("/bokmarken/", {"page": site_tree.area.pk}, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "bookmarked": True,
        "label": "Ta bort bokmärke",
        "status": "Sidan är bokmärkt.",
        "page": {"id": site_tree.area.pk, "title": "Vård och Omsorg", "url": site_tree.area.url},
    }
    assert Bookmark.objects.filter(user=staff_user, page=site_tree.area).exists()

    response = staff_client.post("/bokmarken/", {"page": site_tree.area.pk}, **JSON)
    assert response.json()["bookmarked"] is False
    assert response.json()["label"] == "Lägg till bokmärke"
    assert not Bookmark.objects.filter(user=staff_user, page=site_tree.area).exists()


def test_the_menu_lists_bookmarks_a_to_o_on_every_page(staff_client, staff_user, site_tree):
    for page in (site_tree.rutiner, site_tree.area, site_tree.process):
        services.toggle_bookmark(staff_user, page)
    for url in ("/", site_tree.start.url, "/min-sida/"):
        assert menu_bookmarks(soup(staff_client.get(url))) == [
            "Rutiner Socialförvaltningen",
            "Verkställa beslut om hemtjänst",
            "Vård och Omsorg",
        ], url


def test_min_sida_lists_and_removes_bookmarks(staff_client, staff_user, site_tree):
    services.add_bookmark(staff_user, site_tree.process)
    page = soup(staff_client.get("/min-sida/"))
    items = page.select("[data-bookmarks] li")
    assert [text_of(item.a) for item in items] == ["Verkställa beslut om hemtjänst"]

    form = items[0].form
    response = staff_client.post(form["action"], {"page": site_tree.process.pk})
    assert response.status_code == 302
    page = soup(staff_client.get(response["Location"]))
    assert page.select("[data-bookmarks] li") == []
    assert "Bokmärket är borttaget." in text_of(page.select_one(".messages"))


def test_toggle_service(staff_user, site_tree):
    assert services.toggle_bookmark(staff_user, site_tree.process) is True
    assert [b.page_id for b in services.bookmarks_for(staff_user)] == [site_tree.process.pk]
    assert services.toggle_bookmark(staff_user, site_tree.process) is False
    assert services.bookmarks_for(staff_user) == []


def test_one_bookmark_per_user_and_page(staff_user, site_tree):
    services.add_bookmark(staff_user, site_tree.process)
    services.add_bookmark(staff_user, site_tree.process)
    assert Bookmark.objects.filter(user=staff_user).count() == 1
    with pytest.raises(IntegrityError):
        Bookmark.objects.create(user=staff_user, page=site_tree.process)


def test_unpublished_and_unknown_pages_cannot_be_bookmarked(staff_client, site_tree):
    site_tree.complaints.unpublish()
    assert staff_client.post("/bokmarken/", {"page": site_tree.complaints.pk}).status_code == 404
    assert staff_client.post("/bokmarken/", {"page": 999999}).status_code == 404
    assert staff_client.post("/bokmarken/", {"page": "x"}).status_code == 400
    assert not Bookmark.objects.exists()


def test_bookmarks_of_unpublished_pages_leave_the_menu(staff_client, staff_user, site_tree):
    services.add_bookmark(staff_user, site_tree.complaints)
    site_tree.complaints.unpublish()
    assert menu_bookmarks(soup(staff_client.get("/"))) == []


def test_no_js_redirect_stays_on_this_site(staff_client, site_tree):
    response = staff_client.post(
        "/bokmarken/", {"page": site_tree.process.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == site_tree.process.url


def test_the_limit_on_bookmarks(staff_client, staff_user, site_tree, settings):
    settings.STAFF_MAX_BOOKMARKS = 1
    services.add_bookmark(staff_user, site_tree.area)
    response = staff_client.post("/bokmarken/", {"page": site_tree.process.pk}, **JSON)
    assert response.status_code == 409
    assert "så många bokmärken" in response.json()["error"]


def test_the_star_only_accepts_posts(staff_client, site_tree):
    assert staff_client.get(f"/bokmarken/?page={site_tree.process.pk}").status_code == 405
