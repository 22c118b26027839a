"""The request's Wagtail site comes from the cache (portal/sites.py): no site query on a page
view once it is known, and a changed site or root page shows on the next view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from ..factories import AreaPageFactory

pytestmark = pytest.mark.django_db


def site_queries(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries if '"wagtailcore_site"' in q["sql"]], response


def test_the_site_is_looked_up_once_not_on_every_view(staff_client, home_page):
    site_queries(staff_client, "/")
    found, response = site_queries(staff_client, "/")
    assert home_page.title in response.content.decode()
    assert found == [], "\n".join(found)


def test_a_renamed_home_page_shows_on_the_next_view(staff_client, home_page):
    site_queries(staff_client, "/")
    home_page.title = "Intranätets nya startsida"
    home_page.save_revision().publish()
    _found, response = site_queries(staff_client, "/")
    assert "Intranätets nya startsida" in response.content.decode()


def test_a_new_root_page_for_the_site_serves_at_once(staff_client, home_page):
    site_queries(staff_client, "/")
    other = AreaPageFactory(parent=home_page, title="Annan rot för webbplatsen")
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    _found, response = site_queries(staff_client, "/")
    assert "Annan rot för webbplatsen" in response.content.decode()


def test_unknown_hosts_are_not_kept_without_end(staff_client, home_page, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for number in range(50):
        staff_client.get("/", HTTP_HOST=f"okand-{number}.example")
    from django.core.cache import cache

    from intranet.portal.sites import MAX_HOSTS, SITES_KEY

    assert len(cache.get(SITES_KEY)) <= MAX_HOSTS


def test_hosts_the_site_does_not_serve_cannot_crowd_out_its_own(staff_client, home_page):
    """Host headers are the client's to choose: ones outside ALLOWED_HOSTS (refused with 400)
    are not kept, so a burst of them leaves room for the site's own host."""
    for number in range(50):
        answer = staff_client.get("/", HTTP_HOST=f"okand-{number}.example")
        assert answer.status_code == 400
    site_queries(staff_client, "/")
    found, _response = site_queries(staff_client, "/")
    assert found == [], "\n".join(found)


def test_no_site_cache_when_the_menu_cache_is_off(staff_client, home_page, settings):
    """PORTAL_MENU_CACHE_SECONDS = 0 turns the cached sites off with the menus: the site is
    looked up on every view."""
    settings.PORTAL_MENU_CACHE_SECONDS = 0
    site_queries(staff_client, "/")
    found, _response = site_queries(staff_client, "/")
    assert found
