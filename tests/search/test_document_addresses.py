"""Search results lead to a governed document's permanent addresses (issue 16, item 5)."""

from __future__ import annotations

import pytest

from tests.conftest import soup

pytestmark = pytest.mark.django_db


def test_search_results_link_the_documents_permanent_addresses(indexed_tree, staff_client):
    document = indexed_tree.documents["Rutin Genomförandeplan"]
    api = staff_client.get("/api/sok/", {"q": "Genomförandeplan"}).json()
    assert document.get_absolute_url() in {result["url"] for result in api["results"]}
    page = soup(staff_client.get("/sok/", {"q": "Genomförandeplan"}))
    hrefs = {a["href"] for a in page.find_all("a", href=True)}
    assert document.get_absolute_url() in hrefs
    assert document.open_url in hrefs
    assert document.file.url not in hrefs
