"""The pages and documents with an open request are kept in the cache, so that HEM, Min sida
and every page's button ask nothing while no request is open on them; opening, superseding or
confirming a request shows at once on pages seen before (the cache is dropped on each)."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.ledning.readconfirm import services
from tests.factories import GovernedDocumentFactory
from tests.governance.conftest import publish_initial

from .conftest import change_with_read_request, choose_workplaces
from .test_flow import press_confirm, to_read

pytestmark = pytest.mark.django_db


def read_request_queries(client, url: str) -> list[str]:
    client.get(url)  # warm caches (menus, site root paths) as a browsing person has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured if "ledning_readrequest" in query["sql"]]


def has_button(client, url: str) -> bool:
    html = BeautifulSoup(client.get(url).content, "html.parser")
    return html.select_one("#laskvittens form") is not None


def test_nothing_open_asks_nothing_on_hem_min_sida_and_pages(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    for url in ("/", "/min-sida/", site.page().url):
        assert read_request_queries(client, url) == [], url


def test_a_request_on_another_page_costs_the_page_no_query(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    document = publish_initial(GovernedDocumentFactory(title="Rutin Nyckelhantering"))
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.open_request(document, document.live_revision, due_on=due, workplaces=[workplace.pk])
    client.force_login(member)
    assert read_request_queries(client, site.page().url) == []
    assert to_read(client, member) == ["Rutin Nyckelhantering"]


def test_opening_superseding_and_confirming_show_at_once(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    url = site.page().url
    # Seen while nothing is open: what is open is now in the cache.
    assert to_read(client, member) == []
    assert not has_button(client, url)

    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    assert to_read(client, member) == [page.title]
    client.force_login(member)
    assert has_button(client, url)
    press_confirm(client, site, member)
    assert to_read(client, member) == []

    # A second change of substance supersedes the request and opens another.
    page = change_with_read_request(client, site, workplace, "Digitala lås.")
    assert to_read(client, member) == [page.title]


def test_a_request_on_a_document_shows_on_its_page_seen_before(client, site, workplace):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    document = publish_initial(GovernedDocumentFactory(title="Rutin Larm"))
    client.force_login(member)
    url = document.get_absolute_url()
    assert not has_button(client, url)
    assert to_read(client, member) == []
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.open_request(document, document.live_revision, due_on=due, workplaces=[workplace.pk])
    client.force_login(member)
    assert has_button(client, url)
    assert to_read(client, member) == ["Rutin Larm"]
