"""The management system's old addresses (/ledningssystemet/…) redirect to the new ones under
/ledningssystem/ (issue 16, item 5) without telling anyone more than the old address did.

The old address of the private document (its file in the group's private collection) is asked
by the three visitors. Each gets what the old address gave them before the move:
- anonymous: the login page (the redirect is behind login, as the old address was);
- the outsider: the Swedish 403 at the end, exactly as for the new address; the redirect
  itself is the same for a key that does not exist, so it reveals nothing;
- a member of the group: the document and its file.
"""

from __future__ import annotations

import pytest

from .leaks import fetch, fetch_following, login_as, secrets_in

pytestmark = pytest.mark.django_db

OLD = "/ledningssystemet/dokument/{key}/"


@pytest.fixture
def site(shared_seeded_site):
    return shared_seeded_site


def old_and_new(site, key: str) -> list[tuple[str, str]]:
    new = site.private_document.get_absolute_url().replace(site.private_document.key, key)
    return [
        (OLD.format(key=key), new),
        (OLD.format(key=key) + "fil/", new + "fil/"),
        (OLD.format(key=key) + "version/1/", new + "version/1/"),
        (OLD.format(key=key) + "version/1/fil/", new + "version/1/fil/"),
    ]


def test_anonymous_visitors_get_the_login_page(site):
    client = login_as(None)
    for old, _new in old_and_new(site, site.private_document.key):
        answer = fetch(client, old)
        assert answer.is_login_redirect, answer.describe()


def test_outsiders_get_the_same_answer_as_before(site):
    client = login_as(site.outsider)
    phrases, blobs = site.secret_phrases, site.secret_bytes
    for key in (site.private_document.key, "finns-inte-alls"):
        for old, new in old_and_new(site, key):
            first = fetch(client, old)
            assert (first.status, first.location) == (301, new), first.describe()
            assert secrets_in(first, phrases, blobs) == []
            last, chain = fetch_following(client, old, first)
            direct = fetch(client, new)
            assert last.status == direct.status, (chain, last.describe())
            assert last.status == (403 if key == site.private_document.key else 404)
            assert secrets_in(last, phrases, blobs) == []
    # The redirect of an existing private document and of a missing one look the same.
    private = fetch(client, OLD.format(key=site.private_document.key) + "?datum=2020-01-01")
    missing = fetch(client, OLD.format(key="finns-inte-alls") + "?datum=2020-01-01")
    assert private.status == missing.status == 301
    assert private.location.replace(site.private_document.key, "K") == missing.location.replace(
        "finns-inte-alls", "K"
    )


def test_members_reach_the_document_and_its_file(site):
    client = login_as(site.member)
    document = site.private_document
    response = client.get(OLD.format(key=document.key) + "fil/", follow=True)
    assert response.redirect_chain == [(document.open_url, 301)]
    assert response.status_code == 200
    with document.file.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    page = client.get(OLD.format(key=document.key), follow=True)
    assert page.status_code == 200
    assert document.title in page.content.decode()
