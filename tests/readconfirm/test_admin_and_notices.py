"""What people read around a läskvittens: the follow-up's header names the request (not only
"Hem"), and the revision e-mail and news item of an approved change to a document asking
for one name the document once ("Rutin Genomförandeplan", not "rutin Rutin Genomförandeplan")
and link straight to its button."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from intranet.ledning.models import Notice, ReadRequest
from intranet.staff.models import NewsPage
from tests.conftest import text_of
from tests.governance.conftest import ledning_mail
from tests.governance.demo_site import edit_document
from tests.staff.conftest import NewsIndexPageFactory

from .conftest import change_with_read_request, choose_workplaces, workflow_action

pytestmark = pytest.mark.django_db


def breadcrumbs(html: BeautifulSoup) -> list[str]:
    nav = html.select_one("header nav[aria-label]") or html.select_one("header nav")
    assert nav is not None, "no breadcrumbs"
    return [text_of(item) for item in nav.select("li") if text_of(item)]


def test_the_follow_up_header_names_the_request(client, site, workplace):
    choose_workplaces(client, site.users["medarbetare"], workplace)
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    read_request = ReadRequest.objects.get(page=page, status="oppen")
    client.force_login(site.users["redaktor"])

    index = BeautifulSoup(client.get(reverse("ledning_readconfirm:index")).content, "html.parser")
    assert breadcrumbs(index)[-1] == "Läskvittenser"

    response = client.get(reverse("ledning_readconfirm:detail", args=[read_request.pk]))
    html = BeautifulSoup(response.content, "html.parser")
    crumbs = breadcrumbs(html)
    assert crumbs[-1] == page.title, crumbs
    assert "Läskvittenser" in crumbs
    assert page.title in text_of(html.select_one("title"))
    assert text_of(html.select_one("h1")) == f"Läskvittens: {page.title}"


def approve_document_with_read_request(client, site, workplace, note: str):
    """redaktor submits a change of substance to Rutin Genomförandeplan, reviews it, chef
    approves it with a läskvittens for the workplace."""
    client.force_login(site.users["redaktor"])
    response = edit_document(client, site.document, "submit", change_kind="vikt", change_note=note)
    assert response.status_code == 302, response.content[:2000]
    assert workflow_action(client, site.document).status_code == 302
    client.force_login(site.users["chef"])
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = workflow_action(
        client,
        site.document,
        comment="",
        read_confirmation="on",
        read_workplaces=[workplace.pk],
        read_subworkplaces="on",
        read_due_on=due.isoformat(),
    )
    assert response.status_code == 302
    return type(site.document).objects.get(pk=site.document.pk)


def test_the_revision_e_mail_and_news_name_the_document_once_and_link_to_the_button(
    client, site, workplace, django_capture_on_commit_callbacks
):
    NewsIndexPageFactory(parent=Page.get_first_root_node().get_children().first())
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    # medarbetare follows the process page that lists the document ("Bevaka").
    process = site.page()
    response = client.post(
        reverse("ledning:follow"), {"page": process.pk, "follow": "1", "next": process.url}
    )
    assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        document = approve_document_with_read_request(client, site, workplace, "Ny mall.")
    assert document.title == "Rutin Genomförandeplan"
    read_request = ReadRequest.objects.get(document=document, status="oppen")
    button = document.get_public_url() + "#laskvittens"

    (message,) = [m for m in ledning_mail() if member.email in m.to]
    assert message.subject == "Ändring av vikt: Rutin Genomförandeplan"
    assert f"http://testserver{button}" in message.body
    html, _mimetype = message.alternatives[0]
    assert f'href="http://testserver{button}"' in html

    notice = Notice.objects.get(change__revision=read_request.revision)
    news = NewsPage.objects.get()
    assert news.title == "Ändring av vikt: Rutin Genomförandeplan" == notice.subject
    assert news.link_url.endswith(button)
    body = BeautifulSoup(str(news.body), "html.parser")
    assert text_of(body).startswith("Rutin Genomförandeplan har fått en ändring av vikt")

    # The button is where the link leads, for the person asked.
    client.force_login(member)
    page = BeautifulSoup(client.get(document.get_public_url()).content, "html.parser")
    assert page.select_one("#laskvittens form button") is not None


def test_a_process_page_keeps_its_kind_in_the_subject(client, site, workplace):
    page = change_with_read_request(client, site, workplace, "Nya nyckelrutiner.")
    notice = Notice.objects.get(change__revision=page.live_revision)
    assert notice.subject == "Ändring av vikt: processsida Verkställa beslut om hemtjänst"
