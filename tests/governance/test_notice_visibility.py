"""Notices follow who may read (issue 12, item 6): approving a change of substance on a
group-restricted page publishes a news item that carries the page's restriction, so an outsider
sees neither it nor the editor's note on HEM, in the news lists, in search or autocomplete, and
cannot open it (403); the group's members see all of it. Deliveries and e-mails go only to
people who may view the page. The site is built through the import and the admin
(tests/security/site.py)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from intranet.ledning.models import Delivery
from tests.security.site import CHANGE_NOTE, RESTRICTED_TITLE, build_seeded_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_seeded_site()


def leaks(site, text: str) -> list[str]:
    return [label for label, phrase in site.secret_phrases.items() if phrase in text]


def get(site, user, url: str, **params) -> str:
    response = site.client_for(user).get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_news_item_carries_the_pages_restriction(site):
    news = site.news
    assert news is not None and news.live
    restrictions = PageViewRestriction.objects.filter(page=news)
    assert [r.restriction_type for r in restrictions] == ["groups"]
    assert list(restrictions[0].groups.all()) == [site.group]

    outsider = site.client_for(site.outsider).get(news.url)
    assert outsider.status_code == 403
    assert leaks(site, outsider.content.decode()) == []
    member = get(site, site.member, news.url)
    assert CHANGE_NOTE in member and RESTRICTED_TITLE in member


def test_home_and_news_lists_show_the_news_only_to_the_group(site):
    index_url = site.news_index.url
    for url in ("/", index_url, f"{index_url}mina/"):
        outsider = get(site, site.outsider, url)
        assert leaks(site, outsider) == [], url
        assert site.news.url not in outsider, url
        member = get(site, site.member, url)
        assert site.news.url in member, url


def without(text: str, typed: str) -> str:
    """The response without the words the person typed (a search echoes its query)."""
    return text.replace(typed, "").replace(json.dumps(typed)[1:-1], "")


def test_search_and_autocomplete_do_not_find_the_news_for_outsiders(site):
    for url, query in (
        (reverse("search:api"), "Tallbackens"),
        (reverse("search:api"), "förseglat kuvert"),
        (reverse("search:autocomplete"), "Tallback"),
        (reverse("search:search"), "förseglat kuvert"),
    ):
        outsider = without(get(site, site.outsider, url, q=query), query)
        assert leaks(site, outsider) == [], (url, query)
        member = get(site, site.member, url, q=query)
        assert site.news.url in member or site.restricted_page.url in member, (url, query)


def test_deliveries_and_emails_reach_only_people_who_may_view_the_page(site):
    recipients = set(Delivery.objects.values_list("recipient__username", flat=True))
    assert recipients == {site.member.username}
    notices = [m for m in site.emails if m.subject.startswith("Ändring av vikt")]
    # One message per approved change the member may view (the seeded site also approves a
    # change to its private document, which the member's group may read).
    deliveries = Delivery.objects.count()
    assert deliveries >= 1
    assert [m.to for m in notices] == [[site.member.email]] * deliveries
    assert any(CHANGE_NOTE in m.body for m in notices)
    # Wagtail's own workflow e-mails go to the editors and moderators of the page, who work on
    # it in the admin; nothing reaches the outsider.
    for message in site.emails:
        assert site.outsider.email not in message.to + message.cc + message.bcc
