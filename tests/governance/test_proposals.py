"""Where a change proposal goes, and that everyone is told the truth about it: the owners when
the page or document has any, else the LS-administrators, who are told why they got it; and the
member of staff is told where it went."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from intranet.ledning.models import ChangeProposal
from tests.conftest import soup, text_of

from .conftest import make_user

pytestmark = pytest.mark.django_db

PROPOSAL = "Nya medarbetare ska gå bredvid två dagar."


def propose(client, url, kind, capture, text=PROPOSAL):
    with capture(execute=True):
        response = client.post(url, {"text": text, "kind": kind})
    assert response.status_code == 200
    return text_of(soup(response).find("main"))


def test_a_proposal_of_substance_on_a_page_without_owner_goes_to_the_admins_truthfully(
    staff_client, site_tree, governance, django_capture_on_commit_callbacks
):
    page = site_tree.process
    assert not page.page_owner_users.exists()
    said = propose(
        staff_client,
        reverse("ledning:propose_page", args=[page.pk]),
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert "ansvarig för sidan" not in said.replace("ingen namngiven ansvarig", "")
    assert "Sidan har ingen namngiven ansvarig" in said
    assert "administratörerna av ledningssystemet" in said

    [message] = mail.outbox
    assert message.to == [governance.admin.email]
    assert message.subject == "Förslag om ändring av vikt: Verkställa beslut om hemtjänst"
    assert "eftersom du är ansvarig" not in message.body
    assert "som administratör av ledningssystemet" in message.body
    assert "eftersom sidan inte har någon namngiven ansvarig" in message.body
    html, _mimetype = message.alternatives[0]
    assert "eftersom du är ansvarig" not in html
    assert PROPOSAL in message.body


def test_a_proposal_of_substance_goes_to_the_page_owners_and_says_so(
    staff_client, site_tree, governance, django_user_model, django_capture_on_commit_callbacks
):
    owners = [make_user(django_user_model, name) for name in ("omradeschef", "enhetschef")]
    page = site_tree.process
    page.page_owner_users.add(*owners)
    page.save()
    said = propose(
        staff_client,
        reverse("ledning:propose_page", args=[page.pk]),
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert "Förslaget har skickats till de ansvariga för sidan" in said
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        owner.email for owner in owners
    )
    assert all("eftersom du är ansvarig för sidan" in m.body for m in mail.outbox)


def test_owners_without_email_are_skipped_and_the_admins_are_told_why(
    staff_client, site_tree, governance, django_user_model, django_capture_on_commit_callbacks
):
    page = site_tree.process
    page.page_owner_users.add(make_user(django_user_model, "utanpost", email=""))
    page.save()
    said = propose(
        staff_client,
        reverse("ledning:propose_page", args=[page.pk]),
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert "kan inte nås med e-post" in said
    [message] = mail.outbox
    assert message.to == [governance.admin.email]
    assert "ingen av de ansvariga för sidan kan nås med e-post" in message.body


def test_a_document_proposal_goes_to_its_own_owner(
    staff_client, site_tree, governance, django_user_model, django_capture_on_commit_callbacks
):
    owner = make_user(django_user_model, "dokumentagare")
    document = site_tree.documents["Rutin Genomförandeplan"]
    document.owner_users.add(owner)
    document.save()
    said = propose(
        staff_client,
        reverse("ledning:propose_document", args=[document.key]),
        "vikt",
        django_capture_on_commit_callbacks,
    )
    assert "Förslaget har skickats till de ansvariga för dokumentet" in said
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "eftersom du är ansvarig för dokumentet" in message.body


def test_nobody_to_send_to_is_said_plainly(
    staff_client, site_tree, django_capture_on_commit_callbacks
):
    said = propose(
        staff_client,
        reverse("ledning:propose_page", args=[site_tree.process.pk]),
        "administrativ",
        django_capture_on_commit_callbacks,
    )
    assert "ingen kunde få e-post om det" in said
    assert mail.outbox == []
    assert ChangeProposal.objects.get().text == PROPOSAL
