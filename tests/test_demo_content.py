"""The demo is as rich as the seeds (issue 16, item 5): IFO and Staben with process steps,
owners, documents, key figures, risks and responsibilities from seed 004; named owner users;
the seeds' example search; a drawn yEd map; the files in a collection of their own; the base
URL ``make demo`` was given; the favicon. And what issue 15 asks the demo to show: one open
läskvittens for Hemtjänst område 2 with some confirmations, one document with two earlier
versions, one overdue review."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from intranet.ledning.models import AreaPage, GovernedDocument, ProcessPage, ReadRequest

from .conftest import soup, text_of

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back after
    it (each test runs in a savepoint of it). Flushing instead would also remove what the
    migrations wrote (the default site, content types) from under the next modules."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def process_steps(area: AreaPage) -> list[ProcessPage]:
    linked = [
        link["page"] for group in area.groups for link in group.value["links"] if link["page"]
    ]
    return [page.specific for page in linked if isinstance(page.specific, ProcessPage)]


@pytest.mark.parametrize("slug", ["ifo", "staben"])
def test_ifo_and_staben_have_process_steps_with_quality_content(demo, slug):
    area = AreaPage.objects.get(slug=slug)
    steps = process_steps(area)
    assert len(steps) >= 3
    kinds = set()
    for step in steps:
        kinds |= {block.block_type for block in step.body}
        assert step.page_owner and step.approved_by
    assert {"key_figures", "risks", "responsibilities", "documents"} <= kinds


def test_every_process_page_names_an_owner_user(demo):
    pages = ProcessPage.objects.live()
    assert pages.count() >= 25
    without = [page.title for page in pages if not page.page_owner_users.exists()]
    assert without == []
    owners = get_user_model().objects.filter(owned_process_pages__isnull=False).distinct()
    assert all(user.get_full_name() and user.email for user in owners)
    documents = GovernedDocument.objects.filter(live=True).exclude(owner="")
    assert documents.exists()
    assert all(document.owner_users.exists() for document in documents)


def test_the_seeds_example_search_finds_ekonomiskt_bistand(demo, client):
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    answer = client.get("/api/sok/", {"q": "ekonomiskt bistånd"}).json()
    titles = [result["title"] for result in answer["results"]]
    assert answer["total"] >= 3
    assert titles[0] == "Ekonomiskt bistånd"
    assert "Riktlinje för ekonomiskt bistånd" in titles


def test_verkstalla_beslut_hemtjanst_is_a_drawn_yed_map(demo, client):
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    page = ProcessPage.objects.get(slug="verkstalla-beslut-om-hemtjanst")
    (block,) = [block for block in page.body if block.block_type == "process_map"]
    assert block.value["graphml"] is not None
    response = client.get(page.url + f"processkarta/{block.id}/")
    assert response.status_code == 200
    drawn = soup(response).find("svg")
    assert drawn is not None
    assert "Utföra insatser" in drawn.get_text()


def test_uploaded_documents_live_in_the_ledningssystemet_collection(demo):
    root = Collection.get_first_root_node()
    collection = Collection.objects.get(name="Ledningssystemet")
    assert collection.get_parent() == root
    documents = get_document_model().objects.all()
    assert documents.count() >= 40
    assert not documents.filter(collection=root).exists()


def test_pages_carry_the_favicon(demo, client):
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    icons = [
        link["href"] for link in soup(client.get("/ledningssystem/")).find_all("link", rel="icon")
    ]
    assert [href.rsplit("/", 1)[-1] for href in icons] == ["favicon.ico", "favicon.svg"]
    assert finders.find("portal/img/favicon.svg") and finders.find("portal/img/favicon.ico")


def test_make_demo_hands_its_address_to_the_links_in_e_mail():
    commands = subprocess.run(
        ["make", "-n", "demo", "HOST=127.0.0.2", "PORT=8123"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in commands.splitlines() if "load_demo" in line or "runserver" in line]
    assert len(lines) == 2
    assert all("WAGTAILADMIN_BASE_URL=http://127.0.0.2:8123 " in line for line in lines)


def test_the_demo_shows_an_open_read_request_with_some_confirmations(demo, client):
    """One open läskvittens for Hemtjänst område 2, some of whose staff have confirmed: the
    follow-up counts them and medarbetare (in område 2, not confirmed) has it on HEM."""
    (read_request,) = ReadRequest.objects.filter(status="oppen")
    assert [w.name for w in read_request.workplaces.all()] == ["Hemtjänst område 2"]
    client.force_login(get_user_model().objects.get(username="redaktor"))
    response = client.get(reverse("ledning_readconfirm:detail", args=[read_request.pk]))
    total = text_of(soup(response).select_one("[data-total]"))
    confirmed, asked = (int(n) for n in re.fullmatch(r"(\d+) av (\d+) \(\d+ %\)", total).groups())
    assert 0 < confirmed < asked, total
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    section = soup(client.get("/")).select_one("[data-read-confirmations]")
    assert section is not None
    assert read_request.title in [text_of(link) for link in section.select("a")]


def test_the_demo_document_lists_two_earlier_versions(demo, client):
    document = GovernedDocument.objects.get(key="rutin-genomforandeplan")
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    html = soup(client.get(document.get_public_url()))
    versions = html.select_one("#versioner")
    assert text_of(versions.select_one("h2")) == "Tidigare versioner"
    rows = versions.select("tbody tr")
    assert sorted(text_of(row.select_one("th")) for row in rows) == ["Version 1", "Version 2"]
    assert all("Ersatt" in text_of(row) for row in rows)


def test_the_demo_has_one_overdue_review(demo, client):
    """Staff see the calm badge on Synpunkter och klagomål; the dashboard counts one."""
    client.force_login(get_user_model().objects.get(username="medarbetare"))
    page = ProcessPage.objects.get(slug="synpunkter")
    badge = soup(client.get(page.url)).select_one(".review-badge--overdue")
    assert badge is not None and "Granskning försenad" in text_of(badge)
    client.force_login(get_user_model().objects.get(username="redaktor"))
    html = soup(client.get(reverse("ledning_dashboard:index")))
    overdue = html.select_one('[data-figure="overdue"] .ledning-figure__value')
    assert text_of(overdue) == "1"
