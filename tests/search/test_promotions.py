"""Editors' recommended results ("Rekommenderat") and the search statistics report."""

from __future__ import annotations

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from ..conftest import soup, text_of


def promote(query_string: str, **kwargs) -> SearchPromotion:
    return SearchPromotion.objects.create(query=Query.get(query_string), sort_order=0, **kwargs)


def test_promoted_page_is_shown_as_recommended(indexed_tree, staff_client):
    promote("klagomål", page=indexed_tree.complaints, description="Så hanterar vi klagomål.")
    promote("klagomål", external_link_url="https://www.ivo.se/", external_link_text="IVO")
    page = soup(staff_client.get("/sok/", {"q": "Klagomål"}))
    box = page.select_one(".search__promotions")
    assert box is not None
    assert text_of(box.select_one("h2")) == "Rekommenderat"
    links = [a["href"] for a in box.select("a")]
    assert links == [indexed_tree.complaints.url, "https://www.ivo.se/"]
    assert "Så hanterar vi klagomål." in text_of(box)
    assert soup(staff_client.get("/sok/", {"q": "rutin"})).select_one(".search__promotions") is None


def test_promoted_page_the_user_may_not_view_is_not_shown(indexed_tree, staff_client):
    promote("klagomål", page=indexed_tree.complaints)
    PageViewRestriction.objects.create(
        page=indexed_tree.complaints, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    page = soup(staff_client.get("/sok/", {"q": "klagomål"}))
    assert page.select_one(".search__promotions") is None
    assert indexed_tree.complaints.title not in page.get_text()


def test_statistics_report(indexed_tree, staff_client, admin_client):
    for query in ("hemtjänst", "hemtjänst", "Hemtjänst", "rutin", "qwertyasdf"):
        staff_client.get("/sok/", {"q": query})
    response = admin_client.get("/admin/sok/statistik/")
    assert response.status_code == 200
    page = soup(response)
    popular, zero = page.select("section table")
    rows = [[text_of(td) for td in tr.select("td")] for tr in popular.select("tbody tr")]
    assert rows[0] == ["hemtjänst", "3"]
    assert ["qwertyasdf", "1"] in rows
    zero_rows = [[text_of(td) for td in tr.select("td")] for tr in zero.select("tbody tr")]
    assert zero_rows == [["qwertyasdf", "1"]]
    assert staff_client.get("/admin/sok/statistik/").status_code in (302, 403)


def test_report_in_reports_menu(admin_client):
    assert "/admin/sok/statistik/" in admin_client.get("/admin/").content.decode()
