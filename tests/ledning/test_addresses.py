"""One URL prefix for the management system's pages and its governed documents (issue 16,
item 5): the pages live under the start page (/ledningssystem/ in the demo), and so do the
documents' permanent addresses. The old addresses under /ledningssystemet/ answer with a
permanent redirect to the new ones, query string kept."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from intranet.ledning.governed import document_url
from intranet.ledning.models import AreaPage
from tests.conftest import soup, text_of

pytestmark = pytest.mark.django_db

NEW = "/ledningssystem/styrdokument/"


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_documents_live_under_the_pages_prefix(site_tree, staff_client):
    document = site_tree.documents["Rutin Genomförandeplan"]
    assert site_tree.start.url == "/ledningssystem/"
    assert document.get_absolute_url() == f"{NEW}{document.key}/"
    assert document.open_url == f"{NEW}{document.key}/fil/"
    assert document_url(document.key, file=True) == document.open_url

    # The process page links the document at its permanent address, which serves the file.
    page = soup(staff_client.get(site_tree.process.url))
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert document.open_url in links
    response = staff_client.get(document.open_url)
    assert response.status_code == 200
    with document.file.file.open("rb") as handle:
        assert download(response) == handle.read()


def test_the_document_pages_of_the_tree_are_not_shadowed(site_tree, staff_client):
    """Pages below the start page still answer (a document index page, a process)."""
    for page in (site_tree.riktlinjer, site_tree.area, site_tree.process):
        assert resolve(page.url).url_name is None or "serve" in resolve(page.url).func.__name__
        assert staff_client.get(page.url).status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/ledningssystemet/dokument/{key}/", NEW + "{key}/"),
        ("/ledningssystemet/dokument/{key}/fil/", NEW + "{key}/fil/"),
        ("/ledningssystemet/dokument/{key}/version/1/", NEW + "{key}/version/1/"),
        ("/ledningssystemet/dokument/{key}/version/1/fil/", NEW + "{key}/version/1/fil/"),
        (
            "/ledningssystemet/api/dokument/{key}/versioner/?datum=2020-01-01",
            "/ledningssystem/api/styrdokument/{key}/versioner/?datum=2020-01-01",
        ),
        (
            "/ledningssystemet/andringar/?q=rutin&sida=2",
            "/ledningssystem/andringar/?q=rutin&sida=2",
        ),
    ],
)
def test_old_addresses_redirect_permanently(site_tree, staff_client, old, new):
    key = site_tree.documents["Rutin Genomförandeplan"].key
    response = staff_client.get(old.format(key=key))
    assert response.status_code == 301
    assert response["Location"] == new.format(key=key)


def test_old_file_address_leads_to_the_file(site_tree, staff_client):
    document = site_tree.documents["Rutin Genomförandeplan"]
    response = staff_client.get(f"/ledningssystemet/dokument/{document.key}/fil/", follow=True)
    assert response.redirect_chain == [(document.open_url, 301)]
    with document.file.file.open("rb") as handle:
        assert download(response) == handle.read()


def test_a_form_posted_to_an_old_address_keeps_its_method(site_tree, staff_client):
    """A form rendered before the move still posts: 308 tells the browser to post again."""
    response = staff_client.post("/ledningssystemet/bevaka/", {"x": "1"})
    assert response.status_code == 308
    assert response["Location"] == "/ledningssystem/bevaka/"


def test_anonymous_visitors_of_an_old_address_log_in_first(site_tree, client):
    key = site_tree.documents["Rutin Genomförandeplan"].key
    response = client.get(f"/ledningssystemet/dokument/{key}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def add_area(client, parent, slug: str):
    data = nested_form_data(
        {
            "title": f"Sida {slug}",
            "slug": slug,
            "intro": rich_text(""),
            "groups": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["ledning", "areapage", parent.pk])
    return client.post(url, data)


def test_a_page_cannot_take_an_address_of_the_system(editor_client, site_tree):
    """A page whose address a route of the system takes would never be shown: the editor is
    told so, in Swedish, and nothing is saved."""
    response = add_area(editor_client, site_tree.start, "andringar")
    assert response.status_code == 200
    errors = [text_of(error) for error in soup(response).select(".error-message")]
    assert any("/ledningssystem/andringar/" in error and "upptagen" in error for error in errors)
    assert not AreaPage.objects.filter(slug="andringar").exists()

    # The page /ledningssystem/styrdokument/ itself is free; a page below it is not.
    assert add_area(editor_client, site_tree.start, "styrdokument").status_code == 302
    holder = AreaPage.objects.get(slug="styrdokument")
    response = add_area(editor_client, holder, "vard")
    assert response.status_code == 200
    assert not AreaPage.objects.filter(slug="vard").exists()
    # Anywhere else the same slug is fine.
    assert add_area(editor_client, site_tree.area, "andringar").status_code == 302
