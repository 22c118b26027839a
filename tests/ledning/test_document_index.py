"""Document index pages (dokumentsidor) at any size: letters A–Ö, paging, a title filter and
tags, all plain GET links and forms; the database sorts, counts and pages, so a page view costs
the same queries and about the same HTML at 20 documents as at 2,000."""

from __future__ import annotations

import factory
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection

from intranet.ledning.collation import swedish_sort_key, swedish_sort_text
from intranet.ledning.governance.selectors import review_key, review_states
from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.models import GovernedDocument
from intranet.ledning.templatetags.ledning_documents import row_cache_key

from ..conftest import soup, text_of
from ..factories import (
    DocumentIndexPageFactory,
    GovernedDocumentFactory,
    StartPageFactory,
    WagtailDocumentFactory,
)

pytestmark = pytest.mark.django_db

WORDS = [
    "Avvikelse", "Brandskydd", "Dokumentation", "Ekonomi", "Éloge", "Hygien", "Läkemedel",
    "Nyckelhantering", "Rutin", "Sekretess", "Zon", "Åtgärd", "Ärende", "Översyn",
]  # fmt: skip
MAX_HTML_BYTES = 200_000


@pytest.fixture
def start(home_page):
    return StartPageFactory(parent=home_page, slug="ledning")


def documents(count: int, document_type: str = "riktlinje", **kwargs) -> list[GovernedDocument]:
    titles = factory.Iterator(f"{WORDS[n % len(WORDS)]} {n:05d}" for n in range(count))
    return GovernedDocumentFactory.create_bulk(
        count, title=titles, document_type=document_type, **kwargs
    )


def index_page(start, document_type: str, slug: str):
    return DocumentIndexPageFactory(
        parent=start, title=f"Alla {slug}", slug=slug, document_types=[document_type]
    )


def view(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    html = soup(response)
    return response, html


def titles(html) -> list[str]:
    return [text_of(card.find("h3")) for card in html.select("li.document-card")]


def queries_of(client, url: str) -> tuple[int, int, list[str]]:
    client.get(url)  # warm per-process caches and the rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content), [q["sql"] for q in queries]


def test_same_queries_and_bounded_html_at_20_and_at_2000_documents(staff_client, start):
    documents(20, "riktlinje")
    documents(2000, "blankett")
    small = index_page(start, "riktlinje", "riktlinjer")
    large = index_page(start, "blankett", "blanketter")

    small_queries, small_bytes, _sql = queries_of(staff_client, small.url)
    large_queries, large_bytes, large_sql = queries_of(staff_client, large.url)
    for query in ("?sida=7", "?bokstav=Ö", "?q=00&sida=2"):
        count, _size, sql = queries_of(staff_client, large.url + query)
        assert count == large_queries, "\n".join(sorted(set(sql) ^ set(large_sql)))

    assert small_queries == large_queries, "\n".join(large_sql)
    assert large_bytes <= MAX_HTML_BYTES
    assert large_bytes < 3 * small_bytes
    _response, html = view(staff_client, large.url)
    assert len(titles(html)) == 50
    assert text_of(html.select_one(".listing-status")) == "Visar 1–50 av 2000 dokument"


def test_a_small_type_shows_all_its_documents_without_paging(staff_client, start):
    documents(20)
    _response, html = view(staff_client, index_page(start, "riktlinje", "riktlinjer").url)
    assert len(titles(html)) == 20
    assert html.select_one("nav.pager") is None
    assert text_of(html.select_one(".listing-status")) == "20 dokument"
    # Swedish order: Z before Å, Ä, Ö; É files under E.
    headings = [text_of(h) for h in html.select("section.letter-group h2")]
    assert headings == ["A", "B", "D", "E", "H", "L", "N", "R", "S", "Z", "Å", "Ä", "Ö"]


def test_each_letter_is_a_page_of_its_own_and_empty_letters_are_no_links(staff_client, start):
    documents(140)
    page = index_page(start, "riktlinje", "riktlinjer")
    _response, html = view(staff_client, page.url)
    nav = html.select_one("nav.letters")
    letters = [text_of(item).split(" ")[0] for item in nav.select("li")]
    assert letters[:2] == ["Alla", "A"] and letters[-3:] == ["Å", "Ä", "Ö"]
    assert len(letters) == 30  # Alla and the Swedish alphabet A–Ö
    linked = [text_of(a) for a in nav.select("a")]
    assert "C" not in linked and "Ä" in linked
    assert text_of(nav.select_one("span.letters__empty")).startswith("C")

    _response, html = view(staff_client, f"{page.url}?bokstav=Ä")
    assert titles(html) and all(title.startswith("Ärende") for title in titles(html))
    assert html.select_one('nav.letters a[aria-current="page"]').get_text() == "Ä"
    _response, html = view(staff_client, f"{page.url}?bokstav=e")
    assert {title.split(" ")[0] for title in titles(html)} == {"Ekonomi", "Éloge"}
    assert [t.split(" ")[0] for t in titles(html)][:1] == ["Ekonomi"]


def test_paging_keeps_the_letter_filter_and_tag(staff_client, start):
    documents(140)
    page = index_page(start, "riktlinje", "riktlinjer")
    _response, first = view(staff_client, page.url)
    _response, third = view(staff_client, f"{page.url}?sida=3")
    assert len(titles(first)) == 50 and len(titles(third)) == 40
    assert titles(first)[0].startswith("Avvikelse") and titles(third)[-1].startswith("Översyn")
    assert not set(titles(first)) & set(titles(third))
    assert text_of(third.select_one(".listing-status")) == "Visar 101–140 av 140 dokument"
    assert third.select_one('nav.pager a[aria-current="page"]').get_text() == "3"
    # A page past the end shows the last; nonsense shows the first.
    assert titles(view(staff_client, f"{page.url}?sida=99")[1]) == titles(third)
    assert titles(view(staff_client, f"{page.url}?sida=x")[1]) == titles(first)

    _response, html = view(staff_client, f"{page.url}?q=0001&sida=1")
    assert titles(html) and all("0001" in title for title in titles(html))
    letter_links = [a["href"] for a in html.select("nav.letters a") if a.get_text() != "Alla"]
    assert letter_links and all("q=0001" in href and "sida" not in href for href in letter_links)
    form = html.select_one("form.document-filter")
    assert form["method"] == "get" and form.select_one("input[name=q]")["value"] == "0001"

    _response, html = view(staff_client, f"{page.url}?bokstav=R&q=0")
    assert form_values(html) == {"q": "0", "bokstav": "R"}
    _response, html = view(staff_client, f"{page.url}?q=finns-inte")
    assert "Inga dokument matchar ditt val." in text_of(html)


def form_values(html) -> dict[str, str]:
    form = html.select_one("form.document-filter")
    return {field["name"]: field.get("value", "") for field in form.select("input")}


def test_a_tag_filter_keeps_the_letter(staff_client, start):
    tagged = GovernedDocumentFactory(title="Rutin för brand", document_type="riktlinje")
    tagged.tags.add("brand")
    with content_import():
        tagged.save()
    documents(60)
    page = index_page(start, "riktlinje", "riktlinjer")
    _response, html = view(staff_client, f"{page.url}?bokstav=R")
    tag_link = next(a for a in html.select("nav.tag-filter a") if "brand" in a.get_text())
    assert "bokstav=R" in tag_link["href"] and "tagg=brand" in tag_link["href"]
    _response, html = view(staff_client, tag_link["href"])
    assert titles(html) == ["Rutin för brand"]


def test_rows_are_cached_and_a_changed_document_shows_at_once(staff_client, start):
    [document] = documents(1)
    page = index_page(start, "riktlinje", "riktlinjer")
    cache.clear()
    view(staff_client, page.url)
    stored = GovernedDocument.objects.select_related("file").get(pk=document.pk)
    key = row_cache_key(stored, review_states([stored]).get(review_key(stored)))
    assert "Avvikelse 00000" in cache.get(key)

    document.title = "Avvikelsehantering, ny version"
    with content_import():
        document.save_revision().publish()
    _response, html = view(staff_client, page.url)
    assert titles(html) == ["Avvikelsehantering, ny version"]


def test_the_stored_sort_text_gives_the_swedish_order_in_any_database():
    words = [
        "Zon", "Éloge", "Ekonomi", "Avvikelse", "Ärende", "Åtgärd", "Ödmjukhet", "Müller", "Mz",
        "Mx", "2 Rutin", "10 Rutin", "(Bilaga)", "Rutin", "Rutin X", "Rutiner", "Ærø", "Søndag",
    ]  # fmt: skip
    assert sorted(words, key=swedish_sort_text) == sorted(words, key=swedish_sort_key)
    # Digits only, so every database collation sorts it as Python does.
    assert all(swedish_sort_text(word).isdigit() for word in words)


def status_and_tags(client, url: str) -> tuple[str, dict[str, str]]:
    _response, html = view(client, url)
    tags = {
        text_of(a).rsplit(" ", 1)[0]: text_of(a.select_one(".count"))
        for a in html.select("nav.tag-filter a")
        if a.select_one(".count")
    }
    return text_of(html.select_one(".listing-status")), tags


def test_counts_are_cached_and_every_change_shows_at_once(staff_client, admin_client, start):
    """The letters' and tags' counts (tens of milliseconds at tens of thousands of documents)
    come from the cache on the next view, and any change staff or editors make shows at once:
    a new document, a bulk import, a tag, an unpublished document, a file moved into a
    collection the person may not see."""
    first, second = documents(20)[:2]
    page = index_page(start, "riktlinje", "riktlinjer")
    assert status_and_tags(staff_client, page.url) == ("20 dokument", {})
    with CaptureQueriesContext(connection) as queries:
        view(staff_client, page.url)
    counted = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"] and ("title_initial" in q["sql"] or "taggit_tag" in q["sql"])
    ]
    assert counted == [], "the counts are counted again"

    GovernedDocumentFactory(title="Brandskydd i boendet", document_type="riktlinje")
    assert status_and_tags(staff_client, page.url)[0] == "21 dokument"
    documents(5)  # the import's bulk path
    assert status_and_tags(staff_client, page.url)[0] == "26 dokument"

    first.tags.add("brand")
    with content_import():
        first.save_revision().publish()
    assert status_and_tags(staff_client, page.url) == ("26 dokument", {"brand": "(1)"})

    first.unpublish()
    assert status_and_tags(staff_client, page.url) == ("25 dokument", {})

    # An editor moves a file into a collection only a group may see (Wagtail's admin forms).
    group = Group.objects.create(name="Socialsekreterare")
    admin_client.post(
        reverse("wagtailadmin_collections:add"),
        {"name": "Sekretess", "parent": Collection.get_first_root_node().pk},
    )
    private = Collection.objects.get(name="Sekretess")
    admin_client.post(
        reverse("wagtailadmin_collections:set_privacy", args=[private.pk]),
        {"restriction_type": "groups", "groups": [group.pk], "password": ""},
    )
    assert status_and_tags(staff_client, page.url)[0] == "25 dokument"
    # The shared file of the bulk documents stays public; this one gets a file of its own.
    file = WagtailDocumentFactory(title="Egen fil")
    GovernedDocument.objects.filter(pk=second.pk).update(file=file)
    assert status_and_tags(staff_client, page.url)[0] == "25 dokument"
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[file.pk]),
        {"title": file.title, "collection": private.pk, "tags": ""},
    )
    assert response.status_code == 302
    assert status_and_tags(staff_client, page.url)[0] == "24 dokument"
