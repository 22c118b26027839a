"""Review status for readers (issue 15, item 5): every process page and governed document shows
its review state beside the approval footer — *Granskad* with the date and *Nästa granskning*
with the month, or *Granskning försenad* as a calm badge — and so do the document index pages
(a template tag search results can use too). *Granskad utan ändring* restarts the clock.

Content comes from the import (ledningssystem/1) and the demo's users; the review is recorded
through the admin's own form."""

from __future__ import annotations

import copy
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.governance.selectors import add_months, review_items
from intranet.ledning.models import ChangeLogEntry, DocumentIndexPage, GovernedDocument, ProcessPage
from tests.conftest import soup, text_of

from .demo_site import SYSTEM, demo_site  # noqa: F401

pytestmark = pytest.mark.django_db

INDEX = {
    "type": "documents",
    "path": "vard-och-omsorg/rutiner",
    "title": "Rutiner Vård och omsorg",
    "document_types": ["rutin"],
}


def month(day: datetime.date) -> str:
    with translation.override("sv"):
        return dateformat.format(day, "F Y")


def badge_of(html) -> str:
    badge = html.find(class_="review-badge")
    assert badge is not None
    return text_of(badge)


def record_review(client, user, obj, kind: str) -> None:
    client.force_login(user)
    url = reverse("ledning_review:confirm", args=[kind, obj.pk])
    assert client.post(url, {"note": "Stämmer fortfarande."}).status_code == 302


def test_an_overdue_page_shows_a_calm_badge_and_a_review_restarts_it(client, demo_site):  # noqa: F811
    page = demo_site.page()  # revised 2017-11-30: long overdue
    client.force_login(demo_site.users["medarbetare"])
    html = soup(client.get(page.url))
    footer = html.find("footer", class_="page-footer")
    badge = footer.find(class_="review-badge")
    assert "review-badge--overdue" in badge["class"]
    text = text_of(badge)
    assert "Granskning försenad" in text
    assert "Granskad 2017-11-30" in text
    assert f"skulle ha granskats {month(add_months(datetime.date(2017, 11, 30), 12))}" in text
    assert "Nästa granskning" not in text
    # It is beside the approval footer, and it is text (not colour alone).
    assert "Reviderad: 2017-11-30" in text_of(footer)

    record_review(client, demo_site.users["redaktor"], page, "sida")  # an LS-administrator
    today = timezone.localdate()
    client.force_login(demo_site.users["medarbetare"])
    badge = soup(client.get(page.url)).find(class_="review-badge")
    assert "review-badge--overdue" not in badge["class"]
    assert text_of(badge) == (
        f"Granskad {today.isoformat()} · Nästa granskning {month(add_months(today, 12))}"
    )


def test_a_document_page_shows_its_review_state(client, demo_site):  # noqa: F811
    document = demo_site.document
    client.force_login(demo_site.users["medarbetare"])
    assert "Granskning försenad" in badge_of(soup(client.get(document.get_absolute_url())))

    record_review(client, demo_site.users["redaktor"], document, "dokument")
    client.force_login(demo_site.users["medarbetare"])
    text = badge_of(soup(client.get(document.get_absolute_url())))
    assert "Granskning försenad" not in text
    assert f"Nästa granskning {month(add_months(timezone.localdate(), 12))}" in text


def index_system(extra_documents: int) -> dict:
    system = copy.deepcopy(SYSTEM)
    system["pages"].append(INDEX)
    for number in range(extra_documents):
        system["documents"].append(
            {
                "key": f"rutin-extra-{number}",
                "type": "rutin",
                "title": f"Rutin Extra {number}",
                "url": f"https://dokument.kommun.example/extra-{number}.pdf",
                "revised_on": timezone.localdate().isoformat(),
            }
        )
    return system


def index_cards(client, demo_site) -> dict[str, str]:  # noqa: F811
    index = DocumentIndexPage.objects.get(slug="rutiner")
    client.force_login(demo_site.users["medarbetare"])
    html = soup(client.get(index.url))
    return {
        text_of(card.find("h3")): text_of(card.find(class_="review-badge"))
        for card in html.find_all("li", class_="document-card")
    }


def test_the_document_index_carries_the_badge(client, demo_site):  # noqa: F811
    import_ledningssystem(index_system(extra_documents=1))
    cards = index_cards(client, demo_site)
    assert "Granskning försenad" in cards["Rutin Genomförandeplan"]
    today = timezone.localdate()
    assert cards["Rutin Extra 0"] == (
        f"Granskad {today.isoformat()} · Nästa granskning {month(add_months(today, 12))}"
    )


def test_the_document_index_costs_the_same_queries_for_more_documents(client, demo_site):  # noqa: F811
    import_ledningssystem(index_system(extra_documents=2))
    index = DocumentIndexPage.objects.get(slug="rutiner")
    client.force_login(demo_site.users["medarbetare"])

    def count() -> int:
        # Warm the caches first (menus, site, the letters' and tags' counts: an import drops
        # them, and the first view after it fills them again).
        client.get(index.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    few = count()
    import_ledningssystem(index_system(extra_documents=20))
    assert GovernedDocument.objects.filter(document_type="rutin").count() == 22
    assert count() == few
    assert len(index_cards(client, demo_site)) == 22


def test_the_tag_for_search_results_and_other_lists(demo_site):  # noqa: F811
    """What the search's result template can use: one state lookup for the whole list, the
    same badge, nothing for content that is not reviewed (an area page)."""
    template = Template(
        "{% load ledning_review %}{% review_states results as reviews %}"
        "{% for result in results %}<div>{% review_badge result reviews %}</div>{% endfor %}"
    )
    results = [demo_site.page(), demo_site.document, demo_site.area]
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"results": results}))
    assert len(queries) <= 2  # the reviews of pages, of documents
    parts = html.split("<div>")[1:]
    assert "Granskning försenad" in parts[0]
    assert "Granskning försenad" in parts[1]
    assert "review-badge" not in parts[2]
    # Without the list's states, the badge reads the one object's own.
    single = Template("{% load ledning_review %}{% review_badge page %}")
    assert "Granskning försenad" in single.render(Context({"page": demo_site.page()}))


def test_the_demo_shows_one_overdue_review(client):
    """load_demo: the LS-administrator has reviewed the old demo content without change, all
    but one process page, whose badge staff see; loading again records nothing more."""
    call_command("load_demo", stdout=io.StringIO())
    overdue = review_items(states={"overdue"})
    assert [item.title for item in overdue] == ["Synpunkter och klagomål"]
    reviewed = ChangeLogEntry.objects.filter(kind="granskad").count()
    assert reviewed > 20

    client.force_login(get_user_model().objects.get(username="medarbetare"))
    page = ProcessPage.objects.get(slug="synpunkter")
    assert "Granskning försenad" in badge_of(soup(client.get(page.url)))

    call_command("load_demo", stdout=io.StringIO())
    assert ChangeLogEntry.objects.filter(kind="granskad").count() == reviewed
