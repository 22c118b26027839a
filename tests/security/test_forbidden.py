"""A logged-in person outside a page's group gets a Swedish 403 page that says the page is
restricted and whom to ask, never a redirect (today's redirect loop between the page and
/logga-in/); the same for a private collection's document file. Anonymous visitors still go to
the login page, and the group's members get the content."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .site import build_seeded_site

pytestmark = pytest.mark.django_db

LOGIN_URL = "/logga-in/"


@pytest.fixture
def site():
    return build_seeded_site()


def restricted_urls(site) -> dict[str, str]:
    page = site.restricted_page
    return {
        "the restricted page": page.url,
        "the private document's file": site.private_document.file.url,
        "the private document's page": site.private_document.get_absolute_url(),
        "the news item about the restricted page": site.news.url,
    }


def leaks(site, text: str) -> list[str]:
    return [label for label, phrase in site.secret_phrases.items() if phrase in text]


def test_an_outsider_gets_a_swedish_403_page_not_a_redirect(site):
    client = site.client_for(site.outsider)
    for name, url in restricted_urls(site).items():
        response = client.get(url)
        assert response.status_code == 403, (name, response.status_code)
        assert "Location" not in response, name
        html = response.content.decode()
        assert 'lang="sv"' in html
        assert "Sidan är skyddad" in html, name
        assert "LS-administratörerna" in html, name
        assert leaks(site, html) == [], name
        for secret in site.secret_bytes.values():
            assert secret not in response.content, name


def test_following_redirects_ends_on_the_403_page_without_a_loop(site):
    client = site.client_for(site.outsider)
    response = client.get(site.restricted_page.url, follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(site):
    client = site.client_for(None)
    for name, url in restricted_urls(site).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert urlsplit(response["Location"]).path == LOGIN_URL, name
        assert leaks(site, response.content.decode()) == [], name


def test_the_groups_members_get_the_content(site):
    client = site.client_for(site.member)
    page = client.get(site.restricted_page.url)
    assert page.status_code == 200
    assert site.restricted_page.title in page.content.decode()
    document = client.get(site.private_document.file.url)
    assert document.status_code == 200
    content = b"".join(document.streaming_content)
    assert content == site.secret_bytes["the private document's file"]
