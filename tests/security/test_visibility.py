"""Private means private in every list: document index pages (also by tag, and the tag counts),
a governed document's own page, "Används i processerna" and the document and link lists of
process pages show an outsider nothing of a private collection's document or a group-restricted
page, and show the group's members all of it. Bodies are compared, not only status codes."""

from __future__ import annotations

import re

import pytest

from .site import (
    PRIVATE_DOCUMENT_TITLE,
    PRIVATE_TAG,
    PUBLIC_DOCUMENT_TITLE,
    SHARED_WORD,
    build_seeded_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_seeded_site()


def body(site, user, url: str) -> str:
    response = site.client_for(user).get(url, follow=False)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def leaks(site, text: str) -> list[str]:
    """The secret phrases (by label) found in text."""
    return [label for label, phrase in site.secret_phrases.items() if phrase in text]


def test_document_index_pages_list_private_documents_only_to_the_group(site):
    rutiner = site.document_indexes[0]
    for url in (rutiner.url, f"{rutiner.url}?tagg={SHARED_WORD}"):
        outsider = body(site, site.outsider, url)
        assert PUBLIC_DOCUMENT_TITLE in outsider
        assert leaks(site, outsider) == [], url
        assert site.private_document.file.url not in outsider
        assert site.private_document.open_url not in outsider
        member = body(site, site.member, url)
        assert PRIVATE_DOCUMENT_TITLE in member and PUBLIC_DOCUMENT_TITLE in member


def test_tag_filter_and_counts_count_only_what_the_person_may_view(site):
    rutiner = site.document_indexes[0]
    outsider = body(site, site.outsider, rutiner.url)
    assert f'{SHARED_WORD} <span class="count">(1)</span>' in outsider
    assert PRIVATE_TAG not in outsider
    member = body(site, site.member, rutiner.url)
    assert f'{SHARED_WORD} <span class="count">(2)</span>' in member
    assert f'{PRIVATE_TAG} <span class="count">(1)</span>' in member

    by_private_tag = body(site, site.outsider, f"{rutiner.url}?tagg={PRIVATE_TAG}")
    # The tag the person typed is echoed back; nothing else of the document is.
    assert leaks(site, by_private_tag) == ["the private document's tag"]
    assert "Inga dokument har taggen" in by_private_tag


def test_the_private_documents_own_page_is_forbidden_to_outsiders(site):
    url = site.private_document.get_absolute_url()
    response = site.client_for(site.outsider).get(url)
    assert response.status_code == 403
    assert leaks(site, response.content.decode()) == []
    member = body(site, site.member, url)
    assert PRIVATE_DOCUMENT_TITLE in member
    assert site.private_document.open_url in member


def test_used_in_processes_names_only_pages_the_person_may_view(site):
    url = site.public_document.get_absolute_url()
    outsider = body(site, site.outsider, url)
    assert "Används i processerna" in outsider
    assert site.public_page.title in outsider
    assert leaks(site, outsider) == []
    assert site.restricted_page.url not in outsider
    member = body(site, site.member, url)
    assert site.restricted_page.title in member


def test_process_and_area_pages_link_only_what_the_person_may_view(site):
    for page in (site.public_page, site.area):
        outsider = body(site, site.outsider, page.url)
        assert leaks(site, outsider) == [], page.url
        assert site.restricted_page.url not in outsider
        assert site.private_document.file.url not in outsider
        assert site.private_document.open_url not in outsider
        member = body(site, site.member, page.url)
        assert site.restricted_page.title in member
    assert PRIVATE_DOCUMENT_TITLE in body(site, site.member, site.public_page.url)


def test_a_bookmark_made_before_the_restriction_names_nothing(site):
    from intranet.staff import services

    # The outsider starred the page while it was still open to everyone.
    services.add_bookmark(site.outsider, site.restricted_page)
    for url in ("/", "/min-sida/", site.public_page.url):
        outsider = body(site, site.outsider, url)
        assert leaks(site, outsider) == [], url
        assert site.restricted_page.url not in outsider, url
    services.add_bookmark(site.member, site.restricted_page)
    assert site.restricted_page.title in body(site, site.member, "/min-sida/")


def test_letters_filter_and_totals_of_a_document_page_count_only_what_the_person_may_view(site):
    rutiner = site.document_indexes[0]
    for query in ("?q=Nyckelskåp", "?bokstav=R&q=Nyckelskåp"):
        outsider = body(site, site.outsider, rutiner.url + query)
        assert PUBLIC_DOCUMENT_TITLE in outsider and leaks(site, outsider) == [], query
        assert ">1 dokument<" in outsider, query
        member = body(site, site.member, rutiner.url + query)
        assert PRIVATE_DOCUMENT_TITLE in member and ">2 dokument<" in member, query
    only_private = body(site, site.outsider, f"{rutiner.url}?q=Ekbackens")
    assert leaks(site, only_private) == []
    assert "Inga dokument matchar ditt val." in only_private
    # The private title's letter is no link for the outsider when it is all the letter holds.
    assert '<span class="letters__empty">R<' in only_private
    member = body(site, site.member, f"{rutiner.url}?q=Ekbackens")
    assert '<span class="letters__empty">R<' not in member


def test_the_list_of_changes_counts_only_what_the_person_may_view(site):
    """The list of changes (paged) names and counts the restricted page's approved change only
    for the group's members."""
    url = "/ledningssystem/andringar/"
    outsider, member = body(site, site.outsider, url), body(site, site.member, url)
    assert site.restricted_page.title in member
    assert site.restricted_page.title not in outsider
    assert leaks(site, outsider) == []

    def total(html: str) -> int:
        found = re.search(r"(\d+) ändring", html)
        return int(found.group(1)) if found else 0

    assert total(outsider) == outsider.count('class="notice"')
    assert total(member) == member.count('class="notice"') > total(outsider)
