"""The site's icon (issue 16, item 5): /favicon.ico answers, also before login, and the pages
link the icon."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import soup

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_without_login(client: Client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/portal/img/favicon.ico"
    path = finders.find("portal/img/favicon.ico")
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_the_login_page_and_content_pages_link_the_icon(client: Client, staff_client, site_tree):
    for response in (client.get("/logga-in/"), staff_client.get(site_tree.process.url)):
        assert response.status_code == 200
        icons = {link["href"] for link in soup(response).find_all("link", rel="icon")}
        assert "/static/portal/img/favicon.ico" in icons
        assert "/static/portal/img/favicon.svg" in icons
