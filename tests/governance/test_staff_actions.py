"""What staff do from the management system's pages: propose a change or report an error, follow
a page or document, read the list of approved changes."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from intranet.ledning.models import ChangeProposal, ProposalStatus, Subscription
from tests.conftest import soup, text_of

from .conftest import approve_all, make_user, staff_hooks, submit_change

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def propose(client, url, text, kind, capture):
    with capture(execute=True):
        return client.post(url, {"text": text, "kind": kind})


def test_every_management_system_page_offers_follow_and_propose(staff_client, site_tree):
    for page in (site_tree.start, site_tree.area, site_tree.process, site_tree.rutiner):
        html = soup(staff_client.get(page.url))
        link = html.find("a", string="Föreslå ändring / påpeka fel")
        assert link["href"] == reverse("ledning:propose_page", args=[page.pk]), page
        assert html.find("button", string="Bevaka") is not None
    document = site_tree.documents["Rutin Genomförandeplan"]
    html = soup(staff_client.get(document.get_absolute_url()))
    assert html.find("a", string="Föreslå ändring / påpeka fel")["href"] == reverse(
        "ledning:propose_document", args=[document.key]
    )


def test_an_administrative_proposal_goes_to_the_ls_admins(
    staff_client, staff_user, site_tree, governance, django_capture_on_commit_callbacks
):
    url = reverse("ledning:propose_page", args=[site_tree.process.pk])
    form = soup(staff_client.get(url))
    assert form.find("textarea", attrs={"name": "text"}) is not None
    response = propose(
        staff_client,
        url,
        "Länken till Lathundar fungerar inte.",
        "administrativ",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "administratörerna av ledningssystemet" in text_of(soup(response).find("main"))

    proposal = ChangeProposal.objects.get()
    assert (proposal.page_id, proposal.kind, proposal.status) == (
        site_tree.process.pk,
        "administrativ",
        ProposalStatus.NEW,
    )
    assert proposal.proposed_by == staff_user
    assert [message.to for message in mail.outbox] == [[governance.admin.email]]
    message = mail.outbox[0]
    assert message.subject == "Förslag om administrativ ändring: Verkställa beslut om hemtjänst"
    assert "Länken till Lathundar fungerar inte." in message.body
    assert f"/admin/snippets/ledning/changeproposal/edit/{proposal.pk}/" in message.body


def test_a_proposal_of_substance_goes_to_the_page_owner(
    staff_client, site_tree, governance, django_user_model, django_capture_on_commit_callbacks
):
    owner = make_user(django_user_model, "omradeschef")
    page = site_tree.process
    page.page_owner_users.add(owner)
    page.save()
    propose(
        staff_client,
        reverse("ledning:propose_page", args=[page.pk]),
        "Nya medarbetare ska gå bredvid två dagar.",
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject.startswith("Förslag om ändring av vikt")


def test_a_document_proposal_of_substance_goes_to_the_owners_of_its_pages(
    staff_client, site_tree, governance, django_user_model, django_capture_on_commit_callbacks
):
    owner = make_user(django_user_model, "processagare")
    site_tree.process.page_owner_users.add(owner)
    site_tree.process.save()
    document = site_tree.documents["Rutin Genomförandeplan"]
    propose(
        staff_client,
        reverse("ledning:propose_document", args=[document.key]),
        "Planen ska följas upp var sjätte månad.",
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert ChangeProposal.objects.get().document == document
    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_an_empty_proposal_is_refused(staff_client, site_tree):
    response = staff_client.post(
        reverse("ledning:propose_page", args=[site_tree.process.pk]), {"text": "", "kind": "vikt"}
    )
    assert response.status_code == 200
    assert not ChangeProposal.objects.exists()


def test_the_admin_lists_proposals_with_filters_and_export(
    client, site_tree, governance, staff_user
):
    for number, status in enumerate(["ny", "pagar", "klar", "avvisad"]):
        ChangeProposal.objects.create(
            page=site_tree.process,
            title=site_tree.process.title,
            text=f"Förslag {number}",
            kind="administrativ",
            status=status,
            proposed_by=staff_user,
            assignee=governance.admin if status == "pagar" else None,
        )
    client.force_login(governance.admin)
    url = reverse("wagtailsnippets_ledning_changeproposal:list")
    html = soup(client.get(url))
    assert len(html.select("tbody tr")) == 4
    html = soup(client.get(url, {"status": "pagar"}))
    rows = html.select("tbody tr")
    assert len(rows) == 1 and "Pågår" in text_of(rows[0])
    assert "lsadmin" in text_of(rows[0]) or "Lars" in text_of(rows[0])

    response = client.get(url, {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0][:4] == ["Inkommen", "Gäller", "Typ av ändring", "Status"]
    assert sorted(row[1] for row in rows[1:]) == [site_tree.process.title] * 4
    assert client.get(url, {"export": "xlsx"}).status_code == 200

    proposal = ChangeProposal.objects.get(status="ny")
    edit = reverse("wagtailsnippets_ledning_changeproposal:edit", args=[proposal.pk])
    assert client.get(edit).status_code == 200


def test_staff_follow_and_unfollow_a_page(staff_client, staff_user, site_tree):
    page = site_tree.process
    response = staff_client.post(
        reverse("ledning:follow"), {"page": page.pk, "follow": "1", "next": page.url}
    )
    assert response.status_code == 302 and response["Location"] == page.url
    assert Subscription.objects.filter(user=staff_user, page=page).exists()
    html = soup(staff_client.get(page.url))
    assert html.find("button", string="Sluta bevaka") is not None

    staff_client.post(
        reverse("ledning:follow"), {"page": page.pk, "follow": "0", "next": "https://evil.example/"}
    )
    assert not Subscription.objects.filter(user=staff_user).exists()

    document = site_tree.documents["Rutin Genomförandeplan"]
    staff_client.post(reverse("ledning:follow"), {"document": document.key, "follow": "1"})
    staff_client.post(reverse("ledning:follow"), {"document": document.key, "follow": "1"})
    assert Subscription.objects.filter(user=staff_user, document=document).count() == 1


def test_the_list_of_changes_shows_approved_changes(
    staff_client, governance, governed_page, django_capture_on_commit_callbacks
):
    assert "Inga ändringar av vikt" in staff_client.get(reverse("ledning:changes")).content.decode()
    with staff_hooks(recipients=lambda obj: []), django_capture_on_commit_callbacks(execute=True):
        submit_change(governed_page, governance.editor, note="Nytt första besök")
        approve_all(governed_page, governance)
    html = soup(staff_client.get(reverse("ledning:changes")))
    item = html.select_one(".notice-list li")
    assert governed_page.title in text_of(item)
    assert "Nytt första besök" in text_of(item)
    assert "Fastställd av Maria Andersson" in text_of(item)
