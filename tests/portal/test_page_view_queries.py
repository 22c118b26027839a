"""What every page view asks the database about the site and its restrictions.

The site's root page comes from the cached site entry as its own page type (Wagtail routes
each view from it), and on a site without page restrictions Wagtail's own restriction check
is answered by the visibility rule's one query. Both stay right when things change: an edited
HEM shows at once, and a restriction set in the admin is asked for at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..conftest import soup, text_of
from ..governance.adminforms import form_errors, read_edit_form

pytestmark = pytest.mark.django_db


def view_sql(client, url: str) -> list[str]:
    client.get(url)  # warm caches (menus, the site entry) as a browsing person has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured]


def test_the_root_page_is_not_fetched_again_on_each_view(staff_client, site_tree):
    for url in ("/", site_tree.process.url):
        sql = view_sql(staff_client, url)
        assert not [q for q in sql if '"portal_homepage"' in q], url


def test_without_page_restrictions_one_query_tells_about_them(staff_client, site_tree):
    sql = view_sql(staff_client, site_tree.process.url)
    assert len([q for q in sql if "wagtailcore_pageviewrestriction" in q]) == 1
    assert not [q for q in sql if '"alias_of_id" FROM' in q]  # the ancestors' look-up


def test_an_edited_home_page_shows_at_once(admin_client, staff_client, site_tree):
    home = site_tree.home
    assert staff_client.get("/").status_code == 200  # the site entry is cached now
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])
    form = read_edit_form(admin_client.get(url).content.decode())
    data = form.data(type(home), title="Ines – vår nya startsida")
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    assert "Ines – vår nya startsida" in text_of(soup(staff_client.get("/")).select_one("title"))


def test_a_password_set_in_the_admin_is_asked_for_at_once(admin_client, staff_client, site_tree):
    url = site_tree.process.url
    view_sql(staff_client, url)  # seen while nothing is restricted
    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[site_tree.process.pk]),
        {"restriction_type": "password", "password": "hemligt-1", "groups": []},
    )
    assert response.status_code == 200
    page = soup(staff_client.get(url))
    assert page.select_one("input[name=password]") is not None
    assert site_tree.process.title not in text_of(page.select_one("main") or page)
